/* ml-http-get.c: one GET and its whole body, with a size cap and no silent truncation
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-error.h"
#include "ml-http-get.h"

#define READ_CHUNK 65536

typedef struct
{
  SoupMessage *message;
  GByteArray *body;
  gsize max_size;
} GetData;

static void
get_data_free (GetData *data)
{
  g_clear_object (&data->message);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (object);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;
  GCancellable *cancellable;

  chunk = g_input_stream_read_bytes_finish (stream, result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
      goffset expected = -1;

      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
        expected = soup_message_headers_get_content_length (headers);
      if (expected >= 0 && (goffset)data->body->len < expected)
        {
          g_task_return_new_error (task, ML_ERROR, ML_ERROR_MALFORMED,
                                   _("the answer was cut short after %lu of %lu bytes"),
                                   (unsigned long)data->body->len, (unsigned long)expected);
          return;
        }
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->body)),
                             (GDestroyNotify)g_bytes_unref);
      return;
    }

  if (data->body->len + g_bytes_get_size (chunk) > data->max_size)
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_TOO_LARGE,
                               _("the answer is larger than %lu KiB"),
                               (unsigned long)(data->max_size / 1024));
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, cancellable,
                                   on_read, g_steal_pointer (&task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  GCancellable *cancellable;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, cancellable,
                                   on_read, g_steal_pointer (&task));
}

void
ml_http_get_async (SoupSession         *session,
                   SoupMessage         *message,
                   gsize                max_size,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GetData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (max_size > 0);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_http_get_async);

  data = g_new0 (GetData, 1);
  data->message = g_object_ref (message);
  data->body = g_byte_array_new ();
  data->max_size = max_size;
  g_task_set_task_data (task, data, (GDestroyNotify)get_data_free);

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, on_sent,
                           g_steal_pointer (&task));
}

GBytes *
ml_http_get_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL) || G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
