/* ml-http-get.h: one GET and its whole body, with a size cap and no silent truncation
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Sends message and reads its body to the end. A body over max_size ends in
 * ML_ERROR_TOO_LARGE without reading further; a body shorter than its
 * Content-Length ends in ML_ERROR_MALFORMED (libsoup 3.2 hands a short body over
 * as if it were complete); transport errors come back as GIO/TLS errors. The body
 * is returned whatever the HTTP status: the caller looks at the message. */
void    ml_http_get_async  (SoupSession         *session,
                            SoupMessage         *message,
                            gsize                max_size,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
GBytes *ml_http_get_finish (GAsyncResult        *result,
                            GError             **error);

G_END_DECLS
