/* ml-password.h: slow salted password hashes and their constant-time check
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PBKDF2-HMAC-SHA256 with a 16-byte random salt, stored as
 * "pbkdf2-sha256$ROUNDS$SALT$HASH" (salt and hash in standard base64), so a hash
 * keeps saying how many rounds it took when the default grows.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
#define ML_PASSWORD_ROUNDS 600000

/* Passwords shorter than this are refused when set. */
#define ML_PASSWORD_MIN_LENGTH 10

/* FALSE with ML_ERROR_INVALID_VALUE and a message for a person when @password is too
 * short to be set. */
gboolean ml_password_check_strength (const char  *password,
                                     GError     **error);

/* A new hash of @password with a fresh salt and the current number of rounds. */
char    *ml_password_hash           (const char  *password,
                                     GError     **error);

/* Whether @password matches @stored. @stored NULL (an unknown login) costs as much
 * as a real check and answers FALSE, so the time taken tells nothing. */
gboolean ml_password_verify         (const char  *password,
                                     const char  *stored);

/* Whether @stored took fewer rounds than a new hash would: rehash after a login. */
gboolean ml_password_needs_rehash   (const char  *stored);

G_END_DECLS
