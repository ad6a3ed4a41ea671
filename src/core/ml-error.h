/* ml-error.h: the error domain of everything a user can meet
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ML_ERROR (ml_error_quark ())

typedef enum {
  ML_ERROR_FAILED,
  ML_ERROR_EMPTY,          /* a response or file with nothing in it */
  ML_ERROR_TOO_LARGE,      /* over a size limit */
  ML_ERROR_MALFORMED,      /* not well-formed XML or JSON, or cut short */
  ML_ERROR_HOSTILE,        /* DTDs, entities, external references */
  ML_ERROR_UNSUPPORTED,    /* well-formed, but not a document we know */
  ML_ERROR_WRONG_TYPE,     /* a field of the wrong type (object for number, ...) */
  ML_ERROR_INVALID_VALUE,  /* a value out of range, an unknown unit */
  ML_ERROR_UNREACHABLE,    /* no answer: refused, timed out, no route */
  ML_ERROR_CERTIFICATE_CHANGED, /* a printer presented another certificate than the pinned one */
  ML_ERROR_HTTP,           /* an HTTP status that is not success */
  ML_ERROR_ASLEEP,         /* the printer answers 503: asleep, not to be woken */
  ML_ERROR_STORE,          /* a store cannot be opened, read or written */
  ML_ERROR_STORE_TOO_NEW,  /* a store written by a newer Meterlink */
  ML_ERROR_STORE_DAMAGED,  /* a store that fails its integrity check */
  ML_ERROR_LOCKED,         /* another collection runs on the same store */
  ML_ERROR_NOT_FOUND,      /* no such printer (or other stored thing) */
  ML_ERROR_BUNDLE_TRUNCATED,      /* a bundle cut short */
  ML_ERROR_BUNDLE_VERSION,        /* a bundle format this program does not know */
  ML_ERROR_BUNDLE_AUTHENTICATION, /* a bundle whose MAC does not match: tampered or wrong key */
  ML_ERROR_REPLAYED,       /* a request nonce or bundle seen before */
  ML_ERROR_AUTHENTICATION, /* wrong login or password, an expired token */
  ML_ERROR_THROTTLED,      /* too many failed logins; try again later */
  ML_ERROR_PROXY,          /* a proxy that refused or wants credentials */
  ML_ERROR_ENROLMENT,      /* an enrolment code that is wrong or for another portal */
} MlErrorCode;

GQuark ml_error_quark (void);

G_END_DECLS
