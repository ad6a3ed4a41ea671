/* ml-enrolment-code.h: the one pasteable string that enrols a site's collector
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Carries the portal URL, the site ID, the site secret and the SHA-256 pin of the
 * portal's certificate (empty when the portal has a publicly trusted one), with a
 * checksum so that a typo is caught at once, before any network traffic. Format in
 * docs/bundle-format.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *portal_url;      /* https://portal.example:8443 (http only to loopback) */
  char *site_id;
  GBytes *secret;        /* ML_SITE_SECRET_SIZE bytes */
  char *cert_sha256;     /* lowercase hex, or NULL */
} MlEnrolmentCode;

void             ml_enrolment_code_free   (MlEnrolmentCode  *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlEnrolmentCode, ml_enrolment_code_free)

char            *ml_enrolment_code_encode (const MlEnrolmentCode *code);
/* Errors say what is wrong: not a Meterlink code, a typo (checksum), an unknown
 * version, a portal URL that is not https. */
MlEnrolmentCode *ml_enrolment_code_decode (const char       *text,
                                           GError          **error);

G_END_DECLS
