/* ml-tls-pin.h: certificate fingerprints, the one way a printer's certificate is pinned
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printers carry self-signed certificates, so no chain of trust can vouch for them;
 * the collector trusts on first use and then insists on the same certificate. A pin
 * is the lowercase hex SHA-256 of the certificate's DER form, everywhere: the
 * scanner, the drivers, the store and the simulator's manifest.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Makes session check no certificate against certificate authorities, so that every
 * certificate reaches the message's accept-certificate handler, where the pin
 * decides. A CA-signed printer certificate would otherwise pass unpinned, and the
 * system's CA list would be parsed again for every connection (megabytes and
 * milliseconds each). */
void      ml_tls_pin_prepare_session (SoupSession     *session);

/* The pin of a certificate, or NULL when it has no DER form. */
char     *ml_tls_pin_sha256          (GTlsCertificate *certificate);

/* A pin as a person may type it ("AB:CD:…", upper case, spaces) in the canonical
 * form; NULL for NULL or an empty text. */
char     *ml_tls_pin_normalize       (const char      *text);

/* Whether a certificate's pin equals pin (either form). */
gboolean  ml_tls_pin_matches         (const char      *pin,
                                      const char      *sha256);

G_END_DECLS
