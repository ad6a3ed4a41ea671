/* ml-sim-cert.h: a printer's self-signed certificate, made in process with GnuTLS
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A self-signed ECDSA P-256 certificate whose CN is common_name (the printer's
 * serial) and whose subject alternative name is address (an IP literal, or NULL).
 * out_sha256 receives the lowercase hex SHA-256 of the DER certificate, the
 * fingerprint a collector pins. */
GTlsCertificate *ml_sim_cert_generate (const char  *common_name,
                                       const char  *address,
                                       char       **out_sha256,
                                       GError     **error);

/* The lowercase hex SHA-256 of a certificate's DER form. */
char            *ml_sim_cert_sha256   (GTlsCertificate *certificate);

G_END_DECLS
