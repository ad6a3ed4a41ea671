/* ml-bundle.c: sealing and opening the bundles a collector sends its portal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/bundle-format.md is the specification; tests/test-bundle.c checks its test
 * vectors byte for byte. Opening runs in a fixed order, and each step trusts only
 * what the previous ones proved: the size, then the layout (lengths only, so that a
 * truncation or a damaged length is told apart from tampering), then the MAC in
 * constant time, and only then the header's values, the decryption, the
 * decompression with a cap, and the payload's schema. Nothing that depends on the
 * key is looked at before the MAC matched, so a forger learns nothing but "no".
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>
#include <zlib.h>

#include "ml-bundle.h"
#include "ml-json.h"
#include "ml-bundle-private.h"
#include "ml-error.h"
#include "ml-job.h"
#include "ml-model-json-parse.h"
#include "ml-units.h"

#define MAGIC "MLB1"
#define MAGIC_SIZE 4
#define PREFIX_SIZE 7           /* magic, version, header length */
#define HEADER_FIXED_SIZE 18    /* sequence, created_at, the two string lengths */
#define BLOCK_SIZE 16
#define MAC_SIZE 32
#define PAYLOAD_FORMAT 1
#define MAX_DEPTH 64

/* Where the parts of a bundle lie; only lengths have been checked. */
typedef struct
{
  guint version;
  const guint8 *header;         /* the header's fields, after the prefix */
  gsize header_size;
  const guint8 *iv;
  const guint8 *ciphertext;
  gsize ciphertext_size;
  const guint8 *mac;
  gsize authenticated_size;     /* everything before the MAC */
} Layout;

void
ml_bundle_header_free (MlBundleHeader *header)
{
  if (header == NULL)
    return;

  g_free (header->site_id);
  g_free (header->bundle_uuid);
  g_free (header);
}

static void
set_truncated (GError **error,
               gsize    size)
{
  g_set_error (error, ML_ERROR, ML_ERROR_BUNDLE_TRUNCATED,
               _("The bundle is cut short (%lu bytes): it was not received whole"),
               (unsigned long) size);
}

static guint64
read_be (const guint8 *data,
         guint         n_bytes)
{
  guint64 value = 0;

  for (guint i = 0; i < n_bytes; i++)
    value = (value << 8) | data[i];

  return value;
}

static void
append_be (GByteArray *array,
           guint64     value,
           guint       n_bytes)
{
  guint8 bytes[8];

  for (guint i = 0; i < n_bytes; i++)
    bytes[i] = (guint8) (value >> (8 * (n_bytes - 1 - i)));

  g_byte_array_append (array, bytes, n_bytes);
}

static gboolean
parse_layout (const guint8  *data,
              gsize          size,
              Layout        *layout,
              GError       **error)
{
  gsize header_size;
  gsize site_size;
  gsize uuid_size;
  gsize rest;

  if (size == 0)
    {
      set_truncated (error, size);
      return FALSE;
    }

  /* A bundle cut inside its magic is still recognisably a bundle. */
  if (memcmp (data, MAGIC, MIN (size, MAGIC_SIZE)) != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("This is not a Meterlink bundle"));
      return FALSE;
    }

  if (size <= MAGIC_SIZE)
    {
      set_truncated (error, size);
      return FALSE;
    }

  /* The version comes before anything else: another version may lay out all the
   * rest differently. */
  layout->version = data[MAGIC_SIZE];
  if (layout->version != ML_BUNDLE_FORMAT_VERSION)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_BUNDLE_VERSION,
                   _("The bundle has format version %u, which this Meterlink does not know "
                     "(it reads version %d): update it"),
                   layout->version, ML_BUNDLE_FORMAT_VERSION);
      return FALSE;
    }

  if (size < PREFIX_SIZE)
    {
      set_truncated (error, size);
      return FALSE;
    }

  header_size = (gsize) read_be (data + MAGIC_SIZE + 1, 2);
  if (size - PREFIX_SIZE < header_size)
    {
      set_truncated (error, size);
      return FALSE;
    }

  layout->header = data + PREFIX_SIZE;
  layout->header_size = header_size;

  /* The two strings must fill the header exactly. */
  if (header_size < HEADER_FIXED_SIZE
      || (site_size = layout->header[16]) > header_size - HEADER_FIXED_SIZE
      || (uuid_size = layout->header[17 + site_size])
         != header_size - HEADER_FIXED_SIZE - site_size)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's header is damaged: its fields do not fill its stated length"));
      return FALSE;
    }

  rest = size - PREFIX_SIZE - header_size;
  if (rest < ML_BUNDLE_IV_SIZE + BLOCK_SIZE + MAC_SIZE
      || (rest - ML_BUNDLE_IV_SIZE - MAC_SIZE) % BLOCK_SIZE != 0)
    {
      set_truncated (error, size);
      return FALSE;
    }

  layout->iv = layout->header + header_size;
  layout->ciphertext = layout->iv + ML_BUNDLE_IV_SIZE;
  layout->ciphertext_size = rest - ML_BUNDLE_IV_SIZE - MAC_SIZE;
  layout->mac = layout->ciphertext + layout->ciphertext_size;
  layout->authenticated_size = size - MAC_SIZE;

  return TRUE;
}

/* Site IDs are printable ASCII without spaces, so they can stand in a URL, a log
 * line and a file name as they are. */
static gboolean
is_valid_site_id (const char *site_id,
                  gsize       size)
{
  if (site_id == NULL || size == 0 || size > G_MAXUINT8)
    return FALSE;

  for (gsize i = 0; i < size; i++)
    if ((guchar) site_id[i] < 0x21 || (guchar) site_id[i] > 0x7e)
      return FALSE;

  return TRUE;
}

static gboolean
check_header (const MlBundleHeader  *header,
              GError               **error)
{
  if (!is_valid_site_id (header->site_id, header->site_id ? strlen (header->site_id) : 0))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's header has an invalid site ID"));
      return FALSE;
    }

  if (header->bundle_uuid == NULL || !g_uuid_string_is_valid (header->bundle_uuid))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's header has an invalid bundle UUID"));
      return FALSE;
    }

  /* Its payload spells it as an ISO 8601 time, which needs a positive one. */
  if (header->created_at <= 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's header has an invalid creation time"));
      return FALSE;
    }

  return TRUE;
}

static MlBundleHeader *
header_from_layout (const Layout  *layout,
                    GError       **error)
{
  g_autoptr(MlBundleHeader) header = g_new0 (MlBundleHeader, 1);
  gsize site_size = layout->header[16];
  gsize uuid_size = layout->header[17 + site_size];

  header->version = layout->version;
  header->sequence = read_be (layout->header, 8);
  header->created_at = (gint64) read_be (layout->header + 8, 8);
  header->site_id = g_strndup ((const char *) layout->header + 17, site_size);
  header->bundle_uuid = g_strndup ((const char *) layout->header + 18 + site_size, uuid_size);

  /* g_strndup stops at a NUL: a string that is shorter than its length holds one. */
  if (strlen (header->site_id) != site_size || strlen (header->bundle_uuid) != uuid_size)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's header is damaged: its fields do not fill its stated length"));
      return NULL;
    }

  if (!check_header (header, error))
    return NULL;

  return g_steal_pointer (&header);
}

static gboolean
check_size (gsize    size,
            GError **error)
{
  g_autofree char *limit = NULL;
  g_autofree char *actual = NULL;

  if (size <= ML_BUNDLE_MAX_SIZE)
    return TRUE;

  limit = g_format_size (ML_BUNDLE_MAX_SIZE);
  actual = g_format_size (size);
  g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
               _("The bundle has %s; a bundle has at most %s"), actual, limit);

  return FALSE;
}

MlBundleHeader *
ml_bundle_peek_header (GBytes  *bundle,
                       GError **error)
{
  const guint8 *data;
  gsize size;
  Layout layout;

  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bundle, &size);
  if (!check_size (size, error) || !parse_layout (data, size, &layout, error))
    return NULL;

  return header_from_layout (&layout, error);
}

static void
compute_mac (MlSiteKey    *key,
             const guint8 *data,
             gsize         size,
             guint8        mac[MAC_SIZE])
{
  gsize key_size;
  const guint8 *mac_key = g_bytes_get_data (ml_site_key_get_mac_key (key), &key_size);

  if (gnutls_hmac_fast (GNUTLS_MAC_SHA256, mac_key, key_size, data, size, mac) != 0)
    g_error ("GnuTLS could not compute an HMAC-SHA256");
}

/* AES-128-CBC in place; GnuTLS's CBC neither adds nor removes padding. */
static void
cbc (MlSiteKey    *key,
     const guint8 *iv,
     guint8       *data,
     gsize         size,
     gboolean      encrypt)
{
  gnutls_cipher_hd_t cipher;
  gsize key_size;
  const guint8 *key_data = g_bytes_get_data (ml_site_key_get_encryption_key (key), &key_size);
  gnutls_datum_t key_datum = { (unsigned char *) key_data, (unsigned int) key_size };
  gnutls_datum_t iv_datum = { (unsigned char *) iv, ML_BUNDLE_IV_SIZE };
  int status;

  g_assert (size % BLOCK_SIZE == 0);

  if (gnutls_cipher_init (&cipher, GNUTLS_CIPHER_AES_128_CBC, &key_datum, &iv_datum) != 0)
    g_error ("GnuTLS could not set up AES-128-CBC");

  if (encrypt)
    status = gnutls_cipher_encrypt2 (cipher, data, size, data, size);
  else
    status = gnutls_cipher_decrypt2 (cipher, data, size, data, size);
  gnutls_cipher_deinit (cipher);

  if (status != 0)
    g_error ("GnuTLS could not run AES-128-CBC");
}

GBytes *
_ml_bundle_seal_deflated (MlSiteKey            *key,
                          const MlBundleHeader *header,
                          const guint8         *iv,
                          GBytes               *deflated)
{
  g_autoptr(GByteArray) bundle = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gsize site_size;
  gsize uuid_size;
  gsize deflated_size;
  const guint8 *deflated_data;
  gsize padding;
  gsize ciphertext_offset;
  guint8 mac[MAC_SIZE];

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);
  g_return_val_if_fail (iv != NULL, NULL);
  g_return_val_if_fail (deflated != NULL, NULL);
  g_return_val_if_fail (check_header (header, &error), NULL);

  site_size = strlen (header->site_id);
  uuid_size = strlen (header->bundle_uuid);
  g_return_val_if_fail (uuid_size <= G_MAXUINT8, NULL);

  g_byte_array_append (bundle, (const guint8 *) MAGIC, MAGIC_SIZE);
  append_be (bundle, ML_BUNDLE_FORMAT_VERSION, 1);
  append_be (bundle, HEADER_FIXED_SIZE + site_size + uuid_size, 2);
  append_be (bundle, header->sequence, 8);
  append_be (bundle, (guint64) header->created_at, 8);
  append_be (bundle, site_size, 1);
  g_byte_array_append (bundle, (const guint8 *) header->site_id, site_size);
  append_be (bundle, uuid_size, 1);
  g_byte_array_append (bundle, (const guint8 *) header->bundle_uuid, uuid_size);
  g_byte_array_append (bundle, iv, ML_BUNDLE_IV_SIZE);

  /* PKCS#7: always 1 to 16 bytes, each holding their count. */
  deflated_data = g_bytes_get_data (deflated, &deflated_size);
  padding = BLOCK_SIZE - deflated_size % BLOCK_SIZE;
  ciphertext_offset = bundle->len;
  g_byte_array_append (bundle, deflated_data, deflated_size);
  for (gsize i = 0; i < padding; i++)
    append_be (bundle, padding, 1);

  cbc (key, iv, bundle->data + ciphertext_offset, bundle->len - ciphertext_offset, TRUE);

  compute_mac (key, bundle->data, bundle->len, mac);
  g_byte_array_append (bundle, mac, MAC_SIZE);

  return g_byte_array_free_to_bytes (g_steal_pointer (&bundle));
}

/* ---- The payload's schema (docs/bundle-format.md, "Payload") ---- */

typedef enum {
  KIND_STRING,          /* a string, maybe empty */
  KIND_NAME,            /* a string that is not empty */
  KIND_INTEGER,
  KIND_BOOLEAN,
  KIND_TIMESTAMP,       /* an ISO 8601 string */
  KIND_OBJECT,
  KIND_ARRAY,
  KIND_OBJECT_ARRAY,    /* an array of objects */
} Kind;

typedef enum {
  REQUIRED,
  OPTIONAL,             /* may be absent */
  NULLABLE,             /* may be absent or null */
} Presence;

static char *
member_path (const char *prefix,
             const char *key)
{
  return *prefix != '\0' ? g_strconcat (prefix, ".", key, NULL) : g_strdup (key);
}

static gboolean
wrong_kind (const char  *path,
            Kind         kind,
            GError     **error)
{
  const char *format = NULL;

  switch (kind)
    {
    case KIND_STRING:
      format = _("In the bundle's payload, “%s” is not a string");
      break;
    case KIND_NAME:
      format = _("In the bundle's payload, “%s” is not a non-empty string");
      break;
    case KIND_INTEGER:
      format = _("In the bundle's payload, “%s” is not a whole number");
      break;
    case KIND_BOOLEAN:
      format = _("In the bundle's payload, “%s” is not true or false");
      break;
    case KIND_TIMESTAMP:
      format = _("In the bundle's payload, “%s” is not a time (ISO 8601, UTC)");
      break;
    case KIND_OBJECT:
      format = _("In the bundle's payload, “%s” is not an object");
      break;
    case KIND_ARRAY:
      format = _("In the bundle's payload, “%s” is not a list");
      break;
    case KIND_OBJECT_ARRAY:
      format = _("In the bundle's payload, “%s” is not a list of objects");
      break;
    default:
      g_assert_not_reached ();
    }

  g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED, format, path);
  return FALSE;
}

static gboolean
is_kind (JsonNode *node,
         Kind      kind)
{
  JsonArray *array;
  gint64 ignored;

  switch (kind)
    {
    case KIND_STRING:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
    case KIND_NAME:
      return is_kind (node, KIND_STRING) && *json_node_get_string (node) != '\0';
    case KIND_INTEGER:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
    case KIND_BOOLEAN:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    case KIND_TIMESTAMP:
      return is_kind (node, KIND_STRING)
             && ml_units_parse_timestamp (json_node_get_string (node), &ignored, NULL);
    case KIND_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case KIND_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case KIND_OBJECT_ARRAY:
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
          return FALSE;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Checks a member; *out is NULL when it is absent or an allowed null. */
static gboolean
check_member (JsonObject  *object,
              const char  *prefix,
              const char  *key,
              Kind         kind,
              Presence     presence,
              JsonNode   **out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *path = NULL;

  if (out != NULL)
    *out = NULL;

  if (node == NULL && presence != REQUIRED)
    return TRUE;
  if (node != NULL && JSON_NODE_HOLDS_NULL (node) && presence == NULLABLE)
    return TRUE;

  path = member_path (prefix, key);

  if (node == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload lacks “%s”"), path);
      return FALSE;
    }

  if (!is_kind (node, kind))
    return wrong_kind (path, kind, error);

  if (out != NULL)
    *out = node;

  return TRUE;
}

static gboolean
check_job (JsonNode    *node,
           const char  *path,
           gboolean     user_names,
           GError     **error)
{
  g_autoptr(GError) job_error = NULL;
  g_autoptr(MlJob) job = NULL;

  if (!check_member (json_node_get_object (node), path, "uuid", KIND_NAME, REQUIRED, NULL, error))
    return FALSE;

  /* The portal reads jobs with the model's own parser: what it refuses, we refuse. */
  job = ml_job_new_from_json (node, &job_error);
  if (job == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("In the bundle's payload, “%s” is not a valid job: %s"),
                   path, job_error->message);
      return FALSE;
    }

  /* A site that keeps user names private must never let one out. */
  if (!user_names && json_object_has_member (json_node_get_object (node), "user_name"))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("In the bundle's payload, “%s” carries a user name although the site "
                     "sends none"),
                   path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_printer (JsonObject  *printer,
               const char  *path,
               gboolean     user_names,
               GHashTable  *seen,
               GError     **error)
{
  static const struct {
    const char *key;
    Kind kind;
  } members[] = {
    { "address", KIND_STRING },
    { "last_success", KIND_TIMESTAMP },
    { "last_error", KIND_STRING },
    { "identity", KIND_OBJECT },
    { "status", KIND_OBJECT },
    { "alerts", KIND_OBJECT_ARRAY },
    { "printheads", KIND_OBJECT_ARRAY },
    { "cartridges", KIND_OBJECT_ARRAY },
    { "media_sources", KIND_OBJECT_ARRAY },
    { "media_types", KIND_OBJECT_ARRAY },
    { "counters", KIND_OBJECT },
  };
  JsonNode *serial;
  JsonNode *product_number;
  JsonNode *jobs;
  JsonNode *events;
  char *identity;

  if (!check_member (printer, path, "serial", KIND_NAME, REQUIRED, &serial, error)
      || !check_member (printer, path, "product_number", KIND_NAME, REQUIRED, &product_number,
                        error))
    return FALSE;

  identity = g_strconcat (json_node_get_string (serial), "/",
                          json_node_get_string (product_number), NULL);
  if (!g_hash_table_add (seen, identity))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("In the bundle's payload, printer %s (%s) appears twice"),
                   json_node_get_string (serial), json_node_get_string (product_number));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!check_member (printer, path, members[i].key, members[i].kind, NULLABLE, NULL, error))
      return FALSE;

  if (!check_member (printer, path, "jobs", KIND_OBJECT_ARRAY, OPTIONAL, &jobs, error)
      || !check_member (printer, path, "events", KIND_OBJECT_ARRAY, OPTIONAL, &events, error))
    return FALSE;

  if (jobs != NULL)
    {
      JsonArray *array = json_node_get_array (jobs);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *job_path = g_strdup_printf ("%s.jobs[%u]", path, i);

          if (!check_job (json_array_get_element (array, i), job_path, user_names, error))
            return FALSE;
        }
    }

  if (events != NULL)
    {
      JsonArray *array = json_node_get_array (events);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *event = json_array_get_object_element (array, i);
          g_autofree char *event_path = g_strdup_printf ("%s.events[%u]", path, i);

          if (!check_member (event, event_path, "kind", KIND_NAME, REQUIRED, NULL, error)
              || !check_member (event, event_path, "at", KIND_TIMESTAMP, OPTIONAL, NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* What the portal may rely on after ml_bundle_open(); members it does not know are
 * left alone, so that a later collector can add some without a new format. */
static gboolean
check_payload (JsonNode              *root,
               const MlBundleHeader  *header,
               GError               **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object;
  JsonNode *node;
  JsonArray *printers;
  gint64 created_at;
  gboolean user_names;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);

  if (!check_member (object, "", "format", KIND_INTEGER, REQUIRED, &node, error))
    return FALSE;
  if (json_node_get_int (node) != PAYLOAD_FORMAT)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload has format %lld; a bundle of this version "
                     "carries format %d"),
                   (long long) json_node_get_int (node), PAYLOAD_FORMAT);
      return FALSE;
    }

  if (!check_member (object, "", "site_id", KIND_NAME, REQUIRED, &node, error))
    return FALSE;
  if (g_strcmp0 (json_node_get_string (node), header->site_id) != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload is for another site than its header says"));
      return FALSE;
    }

  if (!check_member (object, "", "created_at", KIND_TIMESTAMP, REQUIRED, &node, error))
    return FALSE;
  ml_units_parse_timestamp (json_node_get_string (node), &created_at, NULL);
  if (created_at != header->created_at)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload gives another creation time than its header"));
      return FALSE;
    }

  if (!check_member (object, "", "collector_version", KIND_NAME, REQUIRED, NULL, error)
      || !check_member (object, "", "user_names", KIND_BOOLEAN, REQUIRED, &node, error))
    return FALSE;
  user_names = json_node_get_boolean (node);

  if (!check_member (object, "", "printers", KIND_OBJECT_ARRAY, REQUIRED, &node, error))
    return FALSE;
  printers = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (printers); i++)
    {
      g_autofree char *path = g_strdup_printf ("printers[%u]", i);

      if (!check_printer (json_array_get_object_element (printers, i), path, user_names, seen,
                          error))
        return FALSE;
    }

  return TRUE;
}

/* An authentic but hostile collector (its site's secret can be read on the customer's
 * computer) must not be able to exhaust the portal's stack: see ml_json_nesting_exceeds(). */

GBytes *
_ml_bundle_seal_with_iv (MlSiteKey             *key,
                         const MlBundleHeader  *header,
                         JsonNode              *payload,
                         const guint8          *iv,
                         GError               **error)
{
  g_autofree char *text = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *actual = NULL;
  g_autofree guint8 *deflated = NULL;
  g_autoptr(GBytes) deflated_bytes = NULL;
  uLongf deflated_size;
  gsize text_size;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (iv != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The collector learns here, not from the portal days later, that a bundle
   * would be refused. */
  if (!check_header (header, error) || !check_payload (payload, header, error))
    return NULL;

  text = json_to_string (payload, FALSE);
  text_size = strlen (text);
  if (text_size > ML_BUNDLE_MAX_PAYLOAD)
    {
      limit = g_format_size (ML_BUNDLE_MAX_PAYLOAD);
      actual = g_format_size (text_size);
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("The payload has %s; a bundle holds at most %s"), actual, limit);
      return NULL;
    }

  if (ml_json_nesting_exceeds (text, text_size, MAX_DEPTH))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload is nested more than %d levels deep"), MAX_DEPTH);
      return NULL;
    }

  deflated_size = compressBound (text_size);
  deflated = g_malloc (deflated_size);
  if (compress2 (deflated, &deflated_size, (const Bytef *) text, text_size,
                 Z_BEST_COMPRESSION) != Z_OK)
    g_error ("zlib could not compress a bundle's payload");

  if (PREFIX_SIZE + HEADER_FIXED_SIZE + 2 * G_MAXUINT8 + ML_BUNDLE_IV_SIZE + deflated_size
      + BLOCK_SIZE + MAC_SIZE > ML_BUNDLE_MAX_SIZE)
    {
      limit = g_format_size (ML_BUNDLE_MAX_SIZE);
      actual = g_format_size (deflated_size);
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("The payload compresses to %s; a bundle has at most %s: put fewer "
                     "printers or jobs in each bundle"),
                   actual, limit);
      return NULL;
    }

  deflated_bytes = g_bytes_new_take (g_steal_pointer (&deflated), deflated_size);

  return _ml_bundle_seal_deflated (key, header, iv, deflated_bytes);
}

GBytes *
ml_bundle_seal (MlSiteKey             *key,
                const MlBundleHeader  *header,
                JsonNode              *payload,
                GError               **error)
{
  guint8 iv[ML_BUNDLE_IV_SIZE];

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* CBC needs an IV an attacker cannot predict, hence the key-grade level. */
  if (gnutls_rnd (GNUTLS_RND_RANDOM, iv, sizeof iv) != 0)
    g_error ("GnuTLS's random generator failed");

  return _ml_bundle_seal_with_iv (key, header, payload, iv, error);
}

/* Inflates into at most ML_BUNDLE_MAX_PAYLOAD bytes: a zip bomb stops at the cap,
 * having cost no more memory than an honest payload of that size. The buffer is
 * managed by hand because GByteArray rounds its allocation up to a power of two. */
static GBytes *
inflate_capped (const guint8  *data,
                gsize          size,
                GError       **error)
{
  const gsize cap = (gsize) ML_BUNDLE_MAX_PAYLOAD + 1;
  g_autofree guint8 *out = NULL;
  gsize allocated = MIN (MAX (4 * size, 64 * 1024), cap);
  gsize length = 0;
  z_stream stream = { 0 };
  int status;

  if (inflateInit (&stream) != Z_OK)
    g_error ("zlib could not set up inflation");

  out = g_malloc (allocated);
  stream.next_in = (Bytef *) data;
  stream.avail_in = (uInt) size;

  do
    {
      if (length == allocated)
        {
          allocated = MIN (2 * allocated, cap);
          out = g_realloc (out, allocated);
        }

      stream.next_out = out + length;
      stream.avail_out = (uInt) (allocated - length);
      status = inflate (&stream, Z_NO_FLUSH);
      length = allocated - stream.avail_out;

      /* One byte over the cap is enough to know. */
      if (length > ML_BUNDLE_MAX_PAYLOAD)
        {
          g_autofree char *limit = g_format_size (ML_BUNDLE_MAX_PAYLOAD);

          inflateEnd (&stream);
          g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                       _("The bundle's payload unpacks to more than %s, the most a bundle "
                         "may hold"),
                       limit);
          return NULL;
        }
    }
  while (status == Z_OK);

  inflateEnd (&stream);

  /* Z_BUF_ERROR here means the stream ended before its end marker. */
  if (status != Z_STREAM_END || stream.avail_in != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle is authentic, but its payload is not a whole zlib stream"));
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&out), length);
}

JsonNode *
ml_bundle_open (MlSiteKey       *key,
                GBytes          *bundle,
                MlBundleHeader **out_header,
                GError         **error)
{
  g_autoptr(MlBundleHeader) header = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autofree guint8 *plaintext = NULL;
  const guint8 *data;
  const char *json;
  gsize size;
  gsize json_size;
  gsize padding;
  guint8 bad_padding = 0;
  guint8 mac[MAC_SIZE];
  Layout layout;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bundle, &size);
  if (!check_size (size, error) || !parse_layout (data, size, &layout, error))
    return NULL;

  compute_mac (key, data, layout.authenticated_size, mac);
  if (gnutls_memcmp (mac, layout.mac, MAC_SIZE) != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_BUNDLE_AUTHENTICATION,
                   _("The bundle was changed after it was sealed, or sealed with another key"));
      return NULL;
    }

  if (!(header = header_from_layout (&layout, error)))
    return NULL;

  plaintext = g_memdup2 (layout.ciphertext, layout.ciphertext_size);
  cbc (key, layout.iv, plaintext, layout.ciphertext_size, FALSE);

  /* With the MAC good, bad padding can only come from a faulty sealer; there is
   * no oracle to guard against here, but the check costs nothing. */
  padding = plaintext[layout.ciphertext_size - 1];
  if (padding == 0 || padding > BLOCK_SIZE)
    bad_padding = 1;
  else
    for (gsize i = 0; i < padding; i++)
      bad_padding |= plaintext[layout.ciphertext_size - 1 - i] ^ (guint8) padding;
  if (bad_padding != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle is authentic, but its encryption padding is wrong: the "
                     "program that sealed it is faulty"));
      return NULL;
    }

  if (!(text = inflate_capped (plaintext, layout.ciphertext_size - padding, error)))
    return NULL;

  json = g_bytes_get_data (text, &json_size);
  if (ml_json_nesting_exceeds (json, json_size, MAX_DEPTH))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload is nested more than %d levels deep"), MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, (gssize) json_size, &json_error)
      || json_parser_get_root (parser) == NULL)
    {
      if (json_error != NULL)
        g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                     _("The bundle's payload is not valid JSON: %s"), json_error->message);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED, _("The bundle's payload is empty"));
      return NULL;
    }

  if (!check_payload (json_parser_get_root (parser), header, error))
    return NULL;

  if (out_header != NULL)
    *out_header = g_steal_pointer (&header);

  return json_node_ref (json_parser_get_root (parser));
}
