/* ml-certificate.h: self-signed certificates made in process, and their fingerprints
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printers and a self-hosted portal carry self-signed certificates that no chain of
 * trust vouches for; whoever talks to them pins the SHA-256 of the certificate's DER
 * form instead, always written as lowercase hex.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A self-signed ECDSA P-256 certificate for a TLS server: common_name as its CN,
 * organization (nullable) as its O, address (an IP literal, or NULL) as its subject
 * alternative name. Both texts are PEM; the key is unencrypted PKCS#8. */
gboolean         ml_certificate_generate_pem   (const char       *common_name,
                                                const char       *organization,
                                                const char       *address,
                                                char            **out_certificate_pem,
                                                char            **out_private_key_pem,
                                                GError          **error);

/* The same as a GTlsCertificate with its key; out_sha256 (nullable) receives the
 * fingerprint. */
GTlsCertificate *ml_certificate_generate       (const char       *common_name,
                                                const char       *organization,
                                                const char       *address,
                                                char            **out_sha256,
                                                GError          **error);

/* A certificate and its private key from two PEM files. An unreadable file, a file
 * without a certificate or key, and a key that belongs to another certificate are
 * each refused with a message that names the file. */
GTlsCertificate *ml_certificate_new_from_files (const char       *certificate_path,
                                                const char       *private_key_path,
                                                GError          **error);

/* The lowercase hex SHA-256 of a certificate's DER form. */
char            *ml_certificate_sha256         (GTlsCertificate  *certificate);

/* The fingerprint of the (first) certificate in a PEM file, which need not hold a
 * key: what an operator's command shows or puts into an enrolment code. */
char            *ml_certificate_file_sha256    (const char       *certificate_path,
                                                GError          **error);

G_END_DECLS
