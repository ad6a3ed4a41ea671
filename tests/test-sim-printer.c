/* test-sim-printer.c: one simulated printer's state machine, in process
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lifetime counters of /truth must always equal what the completed jobs and the
 * printhead servicing consumed; the same seed and the same instants must give the
 * same truth, however the printer was advanced.
 */

#include "config.h"

#include <string.h>

#include "ml-sim-piws.h"
#include "ml-sim-printer.h"

/* Monday 2 March 2026, 08:00 UTC */
#define START ((gint64) 1772438400)
#define HOUR ((gint64) 3600)
#define DAY ((gint64) 86400)

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static MlSimPrinter *
new_printer (const char *product_number,
             guint64     seed,
             guint       index)
{
  const MlSimModel *model = ml_sim_catalog_lookup_model (product_number);

  g_assert_nonnull (model);
  return ml_sim_printer_new (model, seed, index, NULL, START, ML_SIM_DEFAULT_QUEUE_DEPTH);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_int_member (object, name) : 0;
}

static void
add_to (GHashTable *table,
        const char *key,
        gint64      amount)
{
  gint64 *slot = g_hash_table_lookup (table, key);

  if (slot == NULL)
    {
      slot = g_new0 (gint64, 1);
      g_hash_table_insert (table, g_strdup (key), slot);
    }
  *slot += amount;
}

static gint64
table_get (GHashTable *table,
           const char *key)
{
  gint64 *slot = g_hash_table_lookup (table, key);

  return slot != NULL ? *slot : 0;
}

/* Sums the completed jobs (since the last counter reset) and servicing, and checks
 * every lifetime counter against them. Returns the number of completed jobs. */
static guint
check_counters (JsonObject *printer)
{
  JsonObject *counters = json_object_get_object_member (printer, "counters");
  JsonArray *jobs = json_object_get_array_member (printer, "jobs");
  JsonObject *servicing = json_object_get_object_member (printer, "servicing_ink");
  const char *reset_at = json_object_has_member (printer, "counters_reset_at")
                         ? json_object_get_string_member (printer, "counters_reset_at") : "";
  g_autoptr(GHashTable) ink = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) media_area = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             g_free);
  g_autoptr(GHashTable) media_length = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               g_free);
  g_autoptr(GHashTable) category = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) colors = json_object_get_members (servicing);
  gint64 n_jobs = 0;
  gint64 pages = 0;
  gint64 area = 0;
  gint64 length = 0;
  gint64 scans = 0;
  gint64 copies = 0;
  gint64 total_ink = 0;
  guint completed = 0;
  JsonArray *array;

  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);
      const char *kind = json_object_get_string_member (job, "kind");

      if (strcmp (json_object_get_string_member (job, "status"), "completed") != 0
          || strcmp (json_object_get_string_member (job, "completed_at"), reset_at) <= 0)
        continue;

      completed++;
      if (strcmp (kind, "scan") == 0)
        scans += member_int (job, "scan_area_mm2");
      if (strcmp (kind, "copy") == 0)
        copies += member_int (job, "scan_area_mm2");
      if (strcmp (kind, "scan") == 0)
        continue;

      n_jobs++;
      pages += member_int (job, "pages") * member_int (job, "copies");
      area += member_int (job, "media_area_mm2");
      length += member_int (job, "media_length_mm");
      add_to (media_area, json_object_get_string_member (job, "media_type_id"),
              member_int (job, "media_area_mm2"));
      add_to (media_length, json_object_get_string_member (job, "media_type_id"),
              member_int (job, "media_length_mm"));

      if (json_object_has_member (job, "ink"))
        {
          JsonObject *job_ink = json_object_get_object_member (job, "ink");
          g_autoptr(GList) job_colors = json_object_get_members (job_ink);

          for (GList *l = job_colors; l != NULL; l = l->next)
            add_to (ink, l->data, json_object_get_int_member (job_ink, l->data));
        }

      array = json_object_get_array_member (job, "categories");
      for (guint c = 0; array != NULL && c < json_array_get_length (array); c++)
        {
          JsonObject *usage = json_array_get_object_element (array, c);
          const char *name = json_object_get_string_member (usage, "category");
          g_autofree char *media_key = g_strconcat (name, "/media", NULL);
          g_autofree char *printed_key = g_strconcat (name, "/printed", NULL);
          g_autofree char *ink_key = g_strconcat (name, "/ink", NULL);
          g_autofree char *length_key = g_strconcat (name, "/length", NULL);

          add_to (category, media_key, member_int (usage, "media_area_mm2"));
          add_to (category, printed_key, member_int (usage, "printed_area_mm2"));
          add_to (category, ink_key, member_int (usage, "ink_ul"));
          add_to (category, length_key, member_int (usage, "length_mm"));
        }
    }

  for (GList *l = colors; l != NULL; l = l->next)
    {
      add_to (ink, l->data, json_object_get_int_member (servicing, l->data));
      total_ink += table_get (ink, l->data);
    }

  g_assert_cmpint (member_int (counters, "job_count"), ==, n_jobs);
  g_assert_cmpint (member_int (counters, "page_count"), ==, pages);
  g_assert_cmpint (member_int (counters, "total_media_area_mm2"), ==, area);
  g_assert_cmpint (member_int (counters, "total_media_length_mm"), ==, length);
  g_assert_cmpint (member_int (counters, "total_ink_ul"), ==, total_ink);
  g_assert_cmpint (member_int (counters, "scan_area_scans_mm2"), ==, scans);
  g_assert_cmpint (member_int (counters, "scan_area_copies_mm2"), ==, copies);
  g_assert_cmpint (member_int (counters, "scan_area_mm2"), ==, scans + copies);

  array = json_object_get_array_member (counters, "inks");
  g_assert_cmpuint (json_array_get_length (array), ==, g_list_length (colors));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *color = json_object_get_string_member (entry, "color");

      g_assert_cmpint (member_int (entry, "ink_used_ul"), ==, table_get (ink, color));
      g_assert_cmpint (member_int (entry, "hp_ink_used_ul"), ==, table_get (ink, color));
    }

  /* The cartridges report the lifetime ink of their slot. */
  array = json_object_get_array_member (printer, "consumables");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *cartridge = json_array_get_object_element (array, i);

      g_assert_cmpint (member_int (cartridge, "ink_used_ul"), ==,
                       table_get (ink, json_object_get_string_member (cartridge, "color")));
    }

  array = json_object_has_member (counters, "media")
          ? json_object_get_array_member (counters, "media") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (entry, "media_type_id");

      g_assert_cmpint (member_int (entry, "area_mm2"), ==, table_get (media_area, id));
      g_assert_cmpint (member_int (entry, "length_mm"), ==, table_get (media_length, id));
    }

  array = json_object_has_member (counters, "categories")
          ? json_object_get_array_member (counters, "categories") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member (entry, "category");
      g_autofree char *media_key = g_strconcat (name, "/media", NULL);
      g_autofree char *printed_key = g_strconcat (name, "/printed", NULL);
      g_autofree char *ink_key = g_strconcat (name, "/ink", NULL);
      g_autofree char *length_key = g_strconcat (name, "/length", NULL);

      g_assert_cmpint (member_int (entry, "media_area_mm2"), ==, table_get (category, media_key));
      g_assert_cmpint (member_int (entry, "printed_area_mm2"), ==,
                       table_get (category, printed_key));
      g_assert_cmpint (member_int (entry, "ink_ul"), ==, table_get (category, ink_key));
      g_assert_cmpint (member_int (entry, "length_mm"), ==, table_get (category, length_key));
    }

  return completed;
}

static void
test_thirty_days (void)
{
  g_autoptr(MlSimPrinter) printer = new_printer ("L2Y25A", 42, 0);
  g_autoptr(JsonNode) truth = NULL;
  JsonArray *jobs;
  gboolean kinds[3] = { FALSE, FALSE, FALSE };
  guint completed = 0;

  for (gint64 t = START; t <= START + 30 * DAY; t += 7 * HOUR)
    {
      g_autoptr(JsonNode) step = NULL;

      ml_sim_printer_advance_to (printer, t);
      step = ml_sim_printer_to_truth (printer, NULL);
      completed = check_counters (json_node_get_object (step));
    }

  truth = ml_sim_printer_to_truth (printer, NULL);
  jobs = json_object_get_array_member (json_node_get_object (truth), "jobs");
  /* A few jobs per working hour for a month. */
  g_assert_cmpuint (json_array_get_length (jobs), >, 200);
  g_assert_cmpuint (completed, >, 150);

  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);
      const char *kind = json_object_get_string_member (job, "kind");

      kinds[strcmp (kind, "print") == 0 ? 0 : strcmp (kind, "scan") == 0 ? 1 : 2] = TRUE;
      g_assert_cmpuint (strlen (json_object_get_string_member (job, "uuid")), ==, 36);
    }
  /* The T2530 is a multifunction printer: it scans and copies too. */
  g_assert_true (kinds[0] && kinds[1] && kinds[2]);
}

static void
test_cartridge_replaced (void)
{
  /* A T920 has 130 ml colour cartridges: a month of work empties some. */
  g_autoptr(MlSimPrinter) printer = new_printer ("CR354A", 5, 3);
  g_autoptr(MlPrinterReading) before = NULL;
  g_autoptr(MlPrinterReading) after = NULL;
  GListModel *inks;
  guint replaced = 0;

  before = ml_sim_printer_build_reading (printer);
  ml_sim_printer_advance_to (printer, START + 30 * DAY);
  after = ml_sim_printer_build_reading (printer);

  inks = ml_usage_get_inks (ml_printer_reading_get_usage (after));
  for (guint i = 0; i < g_list_model_get_n_items (inks); i++)
    {
      g_autoptr(MlInkUsage) ink = g_list_model_get_item (inks, i);
      MlCartridge *old = ml_printer_reading_lookup_cartridge (before, (int) i);
      MlCartridge *now = ml_printer_reading_lookup_cartridge (after, (int) i);

      if (ml_ink_usage_get_insertions (ink) > 1)
        {
          replaced++;
          /* A new cartridge: a new serial, inserted after the first one. */
          g_assert_cmpstr (ml_cartridge_get_serial_number (old), !=,
                           ml_cartridge_get_serial_number (now));
          g_assert_cmpint (ml_cartridge_get_installed_at (now), >,
                           ml_cartridge_get_installed_at (old));
        }
      else
        g_assert_cmpstr (ml_cartridge_get_serial_number (old), ==,
                         ml_cartridge_get_serial_number (now));
      g_assert_cmpint (ml_cartridge_get_level_ul (now), >, 0);
      g_assert_cmpint (ml_cartridge_get_level_ul (now), <=, ml_cartridge_get_capacity_ul (now));
    }
  g_assert_cmpuint (replaced, >, 0);
}

static void
test_same_seed_same_truth (void)
{
  g_autoptr(MlSimPrinter) hourly = new_printer ("W3Z71A", 7, 2);
  g_autoptr(MlSimPrinter) once = new_printer ("W3Z71A", 7, 2);
  g_autoptr(MlSimPrinter) erratic = new_printer ("W3Z71A", 7, 2);
  g_autoptr(MlSimPrinter) other_seed = new_printer ("W3Z71A", 8, 2);
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;
  g_autoptr(JsonNode) d = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  g_autofree char *text_c = NULL;
  g_autofree char *text_d = NULL;
  gint64 end = START + 12 * DAY + 1234;
  gint64 t = START;

  for (t = START; t < end; t += HOUR)
    ml_sim_printer_advance_to (hourly, t);
  ml_sim_printer_advance_to (hourly, end);
  ml_sim_printer_advance_to (once, end);
  /* However often it is asked, and asked about the past too. */
  for (t = START; t < end; t += 17 * 60 + t % 5000)
    {
      ml_sim_printer_advance_to (erratic, t);
      ml_sim_printer_advance_to (erratic, t - 100);
    }
  ml_sim_printer_advance_to (erratic, end);
  ml_sim_printer_advance_to (other_seed, end);

  a = ml_sim_printer_to_truth (hourly, "127.0.1.1");
  b = ml_sim_printer_to_truth (once, "127.0.1.1");
  c = ml_sim_printer_to_truth (erratic, "127.0.1.1");
  d = ml_sim_printer_to_truth (other_seed, "127.0.1.1");
  text_a = to_text (a);
  text_b = to_text (b);
  text_c = to_text (c);
  text_d = to_text (d);
  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpstr (text_a, ==, text_c);
  g_assert_cmpstr (text_a, !=, text_d);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (a),
                                                                         "jobs")), >, 5);
}

static void
test_reboot (void)
{
  g_autoptr(MlSimPrinter) printer = new_printer ("CZ308A", 3, 1);
  g_autofree char *before = NULL;
  g_autoptr(MlPrinterReading) reading_before = NULL;
  g_autoptr(MlPrinterReading) reading_after = NULL;
  gint64 modification;

  ml_sim_printer_advance_to (printer, START + 3 * DAY);
  before = g_strdup (ml_sim_printer_get_queue_uuid (printer));
  modification = ml_sim_printer_get_queue_modification (printer);
  reading_before = ml_sim_printer_build_reading (printer);
  g_assert_cmpint (modification, >, ML_SIM_DEFAULT_QUEUE_DEPTH);

  ml_sim_printer_reboot (printer);
  reading_after = ml_sim_printer_build_reading (printer);

  g_assert_cmpstr (ml_sim_printer_get_queue_uuid (printer), !=, before);
  /* Modification numbers start again: the retained jobs are numbered from 1. */
  g_assert_cmpint (ml_sim_printer_get_queue_modification (printer), <=,
                   ML_SIM_DEFAULT_QUEUE_DEPTH);
  g_assert_cmpint (ml_sim_printer_get_queue_modification (printer), >, 0);
  /* Nothing is lost: the same jobs with the same counters. */
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (reading_after)), ==,
                    g_list_model_get_n_items (ml_printer_reading_get_jobs (reading_before)));
  g_assert_cmpint (ml_usage_get_job_count (ml_printer_reading_get_usage (reading_after)), ==,
                   ml_usage_get_job_count (ml_printer_reading_get_usage (reading_before)));
}

static void
test_counter_reset (void)
{
  g_autoptr(MlSimPrinter) printer = new_printer ("B9E24A", 11, 4);
  g_autoptr(JsonNode) reset = NULL;
  g_autoptr(JsonNode) later = NULL;
  JsonObject *counters;
  JsonObject *object;

  ml_sim_printer_advance_to (printer, START + 4 * DAY);
  ml_sim_printer_reset_counters (printer);
  reset = ml_sim_printer_to_truth (printer, NULL);
  object = json_node_get_object (reset);
  counters = json_object_get_object_member (object, "counters");

  /* The truth shows the drop and when it happened. */
  g_assert_cmpint (json_object_get_int_member (counters, "job_count"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counters, "total_ink_ul"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counters, "total_media_area_mm2"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "counters_reset_at"), ==,
                   json_object_get_string_member (object, "now"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "jobs")), >, 0);
  check_counters (object);

  /* And they count again from there. */
  ml_sim_printer_advance_to (printer, START + 8 * DAY);
  later = ml_sim_printer_to_truth (printer, NULL);
  counters = json_object_get_object_member (json_node_get_object (later), "counters");
  g_assert_cmpint (json_object_get_int_member (counters, "job_count"), >, 0);
  check_counters (json_node_get_object (later));
}

static void
test_documents (void)
{
  g_autoptr(MlSimPrinter) printer = new_printer ("W3Z71A", 9, 0);
  g_autofree char *stale = NULL;
  g_autofree char *current = NULL;
  MlSimReply reply = { 0, NULL, NULL };

  ml_sim_printer_advance_to (printer, START + DAY);

  g_assert_true (ml_sim_piws_respond (printer, "/LFPWebServices/PI/InkSystem.json", NULL, NULL,
                                      &reply));
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.content_type, ==, "application/json");
  g_assert_true (g_str_has_prefix (g_bytes_get_data (reply.body, NULL), "{\"InkSystem\":"));

  /* No suffix: the Accept header decides. */
  g_assert_true (ml_sim_piws_respond (printer, "/LFPWebServices/PI/DeviceCounters", NULL,
                                      "application/json", &reply));
  g_assert_cmpstr (reply.content_type, ==, "application/json");
  g_assert_true (ml_sim_piws_respond (printer, "/LFPWebServices/PI/DeviceCounters", NULL, NULL,
                                      &reply));
  g_assert_cmpstr (reply.content_type, ==, "text/xml");
  g_assert_true (g_str_has_prefix (g_bytes_get_data (reply.body, NULL),
                                   "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
                                   "<piws:DeviceCounters"));

  g_assert_true (ml_sim_piws_respond (printer, "/LFPWebServices/PI/NoSuchThing.json", NULL,
                                      NULL, &reply));
  g_assert_cmpuint (reply.status, ==, 404);
  g_assert_false (ml_sim_piws_respond (printer, "/index.html", NULL, NULL, &reply));

  stale = g_strdup_printf ("/LFPWebServices/PI/JQ/JobQueue/%s/jobs/all",
                           ml_sim_printer_get_queue_uuid (printer));
  ml_sim_printer_reboot (printer);
  g_assert_true (ml_sim_piws_respond (printer, stale, NULL, NULL, &reply));
  g_assert_cmpuint (reply.status, ==, 404);
  g_assert_cmpmem (g_bytes_get_data (reply.body, NULL), g_bytes_get_size (reply.body),
                   "Unkownw QueueID", strlen ("Unkownw QueueID"));

  current = g_strdup_printf ("/LFPWebServices/PI/JQ/JobQueue/%s/jobs/all",
                             ml_sim_printer_get_queue_uuid (printer));
  g_assert_true (ml_sim_piws_respond (printer, current, NULL, NULL, &reply));
  g_assert_cmpuint (reply.status, ==, 200);
  ml_sim_reply_clear (&reply);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/printer/thirty-days", test_thirty_days);
  g_test_add_func ("/sim/printer/cartridge-replaced", test_cartridge_replaced);
  g_test_add_func ("/sim/printer/same-seed-same-truth", test_same_seed_same_truth);
  g_test_add_func ("/sim/printer/reboot", test_reboot);
  g_test_add_func ("/sim/printer/counter-reset", test_counter_reset);
  g_test_add_func ("/sim/printer/documents", test_documents);

  return g_test_run ();
}
