/* ml-sim-fleet.c: a fleet of simulated printers on consecutive loopback addresses
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-error.h"
#include "ml-sim-catalog.h"
#include "ml-sim-fleet.h"

struct _MlSimFleet
{
  GObject parent_instance;

  MlSimFleetOptions options;
  char *listen;
  MlSimClock *clock;
  GPtrArray *servers;          /* of MlSimServer, by index */
  GHashTable *by_serial;       /* serial → MlSimServer */
  guint port;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (MlSimFleet, ml_sim_fleet, G_TYPE_OBJECT)

void
ml_sim_fleet_options_init (MlSimFleetOptions *options)
{
  memset (options, 0, sizeof *options);
  options->n_printers = 1;
  options->listen = "127.0.1.1";
  options->port = 8443;
  options->seed = 1;
  options->speed = 1.0;
  options->start = g_get_real_time () / G_USEC_PER_SEC;
  options->history_s = 2 * 86400;
  options->queue_depth = ML_SIM_DEFAULT_QUEUE_DEPTH;
  options->slow_ms = 5000;
  options->fault_rate = 0.0;
}

gboolean
ml_sim_address_is_loopback (const char *text)
{
  g_autoptr(GInetAddress) address = NULL;

  if (text == NULL || !(address = g_inet_address_new_from_string (text)))
    return FALSE;
  return g_inet_address_get_is_loopback (address);
}

static void
ml_sim_fleet_dispose (GObject *object)
{
  MlSimFleet *self = (MlSimFleet *)object;

  ml_sim_fleet_stop (self);
  g_clear_pointer (&self->by_serial, g_hash_table_unref);
  g_clear_pointer (&self->servers, g_ptr_array_unref);

  G_OBJECT_CLASS (ml_sim_fleet_parent_class)->dispose (object);
}

static void
ml_sim_fleet_finalize (GObject *object)
{
  MlSimFleet *self = (MlSimFleet *)object;

  g_clear_object (&self->clock);
  g_clear_pointer (&self->listen, g_free);

  G_OBJECT_CLASS (ml_sim_fleet_parent_class)->finalize (object);
}

static void
ml_sim_fleet_class_init (MlSimFleetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ml_sim_fleet_dispose;
  object_class->finalize = ml_sim_fleet_finalize;
}

static void
ml_sim_fleet_init (MlSimFleet *self)
{
  self->servers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_serial = g_hash_table_new (g_str_hash, g_str_equal);
}

/* The address index places after first: 127.0.1.1 + 300 = 127.0.2.45. */
static char *
nth_address (GInetAddress *first,
             guint         index,
             GError      **error)
{
  const guint8 *bytes = g_inet_address_to_bytes (first);
  guint32 value;
  guint8 next[4];
  g_autoptr(GInetAddress) address = NULL;

  if (g_inet_address_get_family (first) != G_SOCKET_FAMILY_IPV4)
    {
      if (index == 0)
        return g_inet_address_to_string (first);
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("a fleet of more than one printer needs an IPv4 address to count "
                     "from, not an IPv6 one"));
      return NULL;
    }

  value = ((guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 | (guint32) bytes[2] << 8
           | bytes[3]) + index;
  next[0] = value >> 24;
  next[1] = (value >> 16) & 0xff;
  next[2] = (value >> 8) & 0xff;
  next[3] = value & 0xff;
  address = g_inet_address_new_from_bytes (next, G_SOCKET_FAMILY_IPV4);
  return g_inet_address_to_string (address);
}

MlSimFleet *
ml_sim_fleet_new (const MlSimFleetOptions  *options,
                  GError                  **error)
{
  g_autoptr(MlSimFleet) self = NULL;
  g_autoptr(GInetAddress) first = NULL;
  g_autoptr(GHashTable) serials = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  if (options->n_printers < 1 || options->n_printers > ML_SIM_MAX_FLEET)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("a fleet has from 1 to %u printers, not %u"),
                   ML_SIM_MAX_FLEET, options->n_printers);
      return NULL;
    }

  first = g_inet_address_new_from_string (options->listen);
  if (first == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("“%s” is not an IP address"), options->listen);
      return NULL;
    }
  if (!g_inet_address_get_is_loopback (first))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s is not a loopback address: simulated printers listen on "
                     "127.0.0.0/8 or ::1 only"),
                   options->listen);
      return NULL;
    }

  self = g_object_new (ML_TYPE_SIM_FLEET, NULL);
  self->options = *options;
  self->listen = g_strdup (options->listen);
  self->options.listen = self->listen;
  self->clock = ml_sim_clock_new (options->start, options->speed);
  serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < options->n_printers; i++)
    {
      g_autofree char *address = nth_address (first, i, error);
      g_autofree char *serial = NULL;
      g_autoptr(MlSimPrinter) printer = NULL;
      MlSimServer *server;

      if (address == NULL)
        return NULL;
      if (!ml_sim_address_is_loopback (address))
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("printer %u would listen on %s, outside 127.0.0.0/8: start the "
                         "fleet at a lower address"),
                       i + 1, address);
          return NULL;
        }

      /* Serials are unique in a fleet: a clash draws the next attempt. */
      for (guint attempt = 0; serial == NULL || g_hash_table_contains (serials, serial);
           attempt++)
        {
          g_free (serial);
          serial = ml_sim_printer_make_serial (options->seed, i, attempt);
        }
      g_hash_table_add (serials, g_strdup (serial));

      printer = ml_sim_printer_new (ml_sim_catalog_pick_model (options->seed, i),
                                    options->seed, i, serial,
                                    options->start - options->history_s, options->queue_depth);
      ml_sim_printer_advance_to (printer, options->start);

      server = ml_sim_server_new (printer, self->clock, address, error);
      if (server == NULL)
        return NULL;
      ml_sim_server_set_slow_ms (server, options->slow_ms);
      ml_sim_server_set_fault_rate (server, options->fault_rate, options->seed);
      g_ptr_array_add (self->servers, server);
      g_hash_table_insert (self->by_serial, (gpointer) ml_sim_printer_get_serial (printer),
                           server);
    }

  return g_steal_pointer (&self);
}

static gboolean
on_tick (gpointer user_data)
{
  ml_sim_fleet_advance_printers (user_data);
  return G_SOURCE_CONTINUE;
}

gboolean
ml_sim_fleet_start (MlSimFleet  *self,
                    GError     **error)
{
  g_return_val_if_fail (ML_IS_SIM_FLEET (self), FALSE);

  for (guint i = 0; i < self->servers->len; i++)
    {
      MlSimServer *server = g_ptr_array_index (self->servers, i);

      /* Port 0: the first printer finds a free port, the others take the same. */
      if (!ml_sim_server_listen (server, i == 0 ? self->options.port : self->port, error))
        return FALSE;
      if (i == 0)
        self->port = ml_sim_server_get_port (server);
    }

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  return TRUE;
}

void
ml_sim_fleet_stop (MlSimFleet *self)
{
  g_return_if_fail (ML_IS_SIM_FLEET (self));

  if (self->tick_id != 0)
    g_source_remove (self->tick_id);
  self->tick_id = 0;
  for (guint i = 0; self->servers != NULL && i < self->servers->len; i++)
    ml_sim_server_stop (g_ptr_array_index (self->servers, i));
}

MlSimClock *
ml_sim_fleet_get_clock (MlSimFleet *self)
{
  g_return_val_if_fail (ML_IS_SIM_FLEET (self), NULL);
  return self->clock;
}

guint
ml_sim_fleet_get_n_printers (MlSimFleet *self)
{
  g_return_val_if_fail (ML_IS_SIM_FLEET (self), 0);
  return self->servers->len;
}

MlSimServer *
ml_sim_fleet_get_server (MlSimFleet *self,
                         guint       index)
{
  g_return_val_if_fail (ML_IS_SIM_FLEET (self), NULL);
  g_return_val_if_fail (index < self->servers->len, NULL);
  return g_ptr_array_index (self->servers, index);
}

guint
ml_sim_fleet_get_port (MlSimFleet *self)
{
  g_return_val_if_fail (ML_IS_SIM_FLEET (self), 0);
  return self->port;
}

MlSimServer *
ml_sim_fleet_lookup (MlSimFleet *self,
                     const char *serial_or_index)
{
  guint64 index;

  g_return_val_if_fail (ML_IS_SIM_FLEET (self), NULL);
  g_return_val_if_fail (serial_or_index != NULL, NULL);

  if (serial_or_index[0] == '#')
    {
      if (!g_ascii_string_to_unsigned (serial_or_index + 1, 10, 0, self->servers->len - 1,
                                       &index, NULL))
        return NULL;
      return g_ptr_array_index (self->servers, index);
    }
  return g_hash_table_lookup (self->by_serial, serial_or_index);
}

void
ml_sim_fleet_advance_printers (MlSimFleet *self)
{
  gint64 now;

  g_return_if_fail (ML_IS_SIM_FLEET (self));

  now = ml_sim_clock_now (self->clock);
  for (guint i = 0; i < self->servers->len; i++)
    ml_sim_printer_advance_to (ml_sim_server_get_printer (g_ptr_array_index (self->servers, i)),
                               now);
}

void
ml_sim_fleet_advance (MlSimFleet *self,
                      gint64      seconds)
{
  g_return_if_fail (ML_IS_SIM_FLEET (self));

  ml_sim_clock_advance (self->clock, seconds);
  ml_sim_fleet_advance_printers (self);
}

gboolean
ml_sim_fleet_inject_spec (MlSimFleet  *self,
                          const char  *spec,
                          GError     **error)
{
  const char *colon;
  g_autofree char *who = NULL;
  MlSimServer *server;
  MlSimFault fault;

  g_return_val_if_fail (ML_IS_SIM_FLEET (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  colon = strrchr (spec, ':');
  if (colon == NULL || colon == spec)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("“%s” is not a fault: write SERIAL:KIND or #INDEX:KIND"), spec);
      return FALSE;
    }

  who = g_strndup (spec, colon - spec);
  if (!(server = ml_sim_fleet_lookup (self, who)))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("no printer of the fleet is “%s”"), who);
      return FALSE;
    }
  if (!ml_sim_fault_from_string (colon + 1, &fault))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("“%s” is not a fault kind (slow, truncated, malformed, http500, "
                     "cert-change, counter-reset, reboot, offline)"),
                   colon + 1);
      return FALSE;
    }
  return ml_sim_server_inject (server, fault, error);
}

JsonNode *
ml_sim_fleet_manifest (MlSimFleet *self)
{
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (ML_IS_SIM_FLEET (self), NULL);

  array = json_array_new ();
  for (guint i = 0; i < self->servers->len; i++)
    {
      MlSimServer *server = g_ptr_array_index (self->servers, i);
      MlSimPrinter *printer = ml_sim_server_get_printer (server);
      const MlSimModel *model = ml_sim_printer_get_model (printer);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "address", ml_sim_server_get_address (server));
      json_object_set_int_member (entry, "port", ml_sim_server_get_port (server));
      json_object_set_string_member (entry, "serial", ml_sim_printer_get_serial (printer));
      json_object_set_string_member (entry, "product_number", model->product_number);
      json_object_set_string_member (entry, "model", model->model_name);
      json_object_set_string_member (entry, "cert_sha256", ml_sim_server_get_cert_sha256 (server));
      json_array_add_object_element (array, entry);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

gboolean
ml_sim_fleet_write_manifest (MlSimFleet  *self,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (ML_IS_SIM_FLEET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  manifest = ml_sim_fleet_manifest (self);
  json_generator_set_root (generator, manifest);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  /* Atomically: a parent polling for the file never reads half of it. */
  if (!g_file_set_contents (path, text, -1, error))
    {
      g_prefix_error (error, _("cannot write the manifest: "));
      return FALSE;
    }
  return TRUE;
}

JsonNode *
ml_sim_fleet_truth (MlSimFleet *self,
                    const char *serial)
{
  JsonArray *printers;
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (ML_IS_SIM_FLEET (self), NULL);

  ml_sim_fleet_advance_printers (self);

  printers = json_array_new ();
  for (guint i = 0; i < self->servers->len; i++)
    {
      MlSimServer *server = g_ptr_array_index (self->servers, i);
      MlSimPrinter *printer = ml_sim_server_get_printer (server);
      g_auto(GStrv) faults = NULL;
      JsonNode *entry;
      JsonArray *fault_array;

      if (serial != NULL && strcmp (serial, ml_sim_printer_get_serial (printer)) != 0)
        continue;

      entry = ml_sim_printer_to_truth (printer, ml_sim_server_get_address (server));
      json_object_set_int_member (json_node_get_object (entry), "port",
                                  ml_sim_server_get_port (server));
      json_object_set_string_member (json_node_get_object (entry), "cert_sha256",
                                     ml_sim_server_get_cert_sha256 (server));
      faults = ml_sim_server_dup_faults (server);
      fault_array = json_array_new ();
      for (guint f = 0; faults[f] != NULL; f++)
        json_array_add_string_element (fault_array, faults[f]);
      json_object_set_array_member (json_node_get_object (entry), "faults", fault_array);
      json_array_add_element (printers, entry);
    }

  object = json_object_new ();
  json_object_set_array_member (object, "printers", printers);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

JsonNode *
ml_sim_fleet_stats (MlSimFleet *self)
{
  JsonArray *per_printer;
  JsonObject *object;
  JsonNode *node;
  guint64 requests = 0;
  guint64 non_read = 0;

  g_return_val_if_fail (ML_IS_SIM_FLEET (self), NULL);

  per_printer = json_array_new ();
  for (guint i = 0; i < self->servers->len; i++)
    {
      MlSimServer *server = g_ptr_array_index (self->servers, i);
      MlSimPrinter *printer = ml_sim_server_get_printer (server);
      JsonObject *entry = json_object_new ();

      requests += ml_sim_server_get_requests (server);
      non_read += ml_sim_server_get_non_read_requests (server);
      json_object_set_string_member (entry, "serial", ml_sim_printer_get_serial (printer));
      json_object_set_int_member (entry, "requests", ml_sim_server_get_requests (server));
      json_object_set_int_member (entry, "non_read_requests",
                                  ml_sim_server_get_non_read_requests (server));
      json_array_add_object_element (per_printer, entry);
    }

  object = json_object_new ();
  json_object_set_int_member (object, "requests", requests);
  json_object_set_int_member (object, "non_read_requests", non_read);
  json_object_set_array_member (object, "per_printer", per_printer);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
