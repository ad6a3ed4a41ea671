/* test-xml.c: safe parsing of XML and JSON from printers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "meterlink-core.h"
#include "ml-json.h"
#include "ml-test-support.h"
#include "ml-xml.h"

#define DD_NS "http://www.hp.com/schemas/imaging/con/dictionaries/1.0/"
#define PUDYN_NS "http://www.hp.com/schemas/imaging/con/ledm/productusagedyn/2007/12/11"
#define PIWS_NS "http://www.hp.com/schemas/piws/v2_0"

static xmlDoc *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = ml_xml_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
assert_xml_refused (const char *data,
                    gsize       length,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = ml_xml_parse (data, length, &error);

  g_assert_null (doc);
  g_assert_error (error, ML_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

/* The same usage document as the printer writes it, as Python's ElementTree
 * rewrites it, and with the namespace as the default: one reading. */
static void
test_xml_namespace_prefixes (void)
{
  static const char *const documents[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<pudyn:ProductUsageDyn xmlns:pudyn=\"" PUDYN_NS "\" xmlns:dd=\"" DD_NS "\">\n"
    "  <pudyn:PrinterSubunit>\n"
    "    <dd:TotalImpressions PEID=\"5082\">1234</dd:TotalImpressions>\n"
    "    <dd:MonochromeImpressions>1000</dd:MonochromeImpressions>\n"
    "  </pudyn:PrinterSubunit>\n"
    "</pudyn:ProductUsageDyn>\n",

    "<ns0:ProductUsageDyn xmlns:ns0=\"" PUDYN_NS "\" xmlns:ns2=\"" DD_NS "\">\n\n"
    "  <ns0:PrinterSubunit>\n\n"
    "    <ns2:TotalImpressions PEID='5082'>1234</ns2:TotalImpressions>\n"
    "    <ns2:MonochromeImpressions>1000</ns2:MonochromeImpressions>\n"
    "  </ns0:PrinterSubunit>\n"
    "</ns0:ProductUsageDyn>",

    "<ProductUsageDyn xmlns=\"" PUDYN_NS "\">\n"
    "  <PrinterSubunit>\n"
    "    <TotalImpressions xmlns=\"" DD_NS "\">1234</TotalImpressions>\n"
    "    <MonochromeImpressions xmlns=\"" DD_NS "\">1000</MonochromeImpressions>\n"
    "  </PrinterSubunit>\n"
    "</ProductUsageDyn>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(xmlDoc) doc = parse_ok (documents[i]);
      xmlNode *root = xmlDocGetRootElement (doc);
      xmlNode *subunit;
      g_autofree char *total = NULL;
      g_autofree char *mono = NULL;
      guint n_children = 0;

      g_assert_true (ml_xml_is (root, PUDYN_NS, "ProductUsageDyn"));
      g_assert_false (ml_xml_is (root, DD_NS, "ProductUsageDyn"));
      g_assert_false (ml_xml_is (root, NULL, "ProductUsageDyn"));

      subunit = ml_xml_child (root, PUDYN_NS, "PrinterSubunit");
      g_assert_nonnull (subunit);
      /* Same local name, other namespace: not a match. */
      g_assert_null (ml_xml_child (root, DD_NS, "PrinterSubunit"));
      g_assert_null (ml_xml_child (subunit, PUDYN_NS, "TotalImpressions"));

      total = ml_xml_child_text (subunit, DD_NS, "TotalImpressions");
      mono = ml_xml_child_text (subunit, DD_NS, "MonochromeImpressions");
      g_assert_cmpstr (total, ==, "1234");
      g_assert_cmpstr (mono, ==, "1000");
      g_assert_null (ml_xml_child_text (subunit, DD_NS, "ColorImpressions"));

      ml_xml_foreach_child (child, subunit, DD_NS, NULL)
        n_children++;
      g_assert_cmpuint (n_children, ==, 2);
    }
}

static void
test_xml_no_namespace (void)
{
  g_autoptr(xmlDoc) doc = parse_ok ("<Root><Leaf> text </Leaf><x:Leaf xmlns:x='urn:x'>other"
                                    "</x:Leaf></Root>");
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *text = ml_xml_child_text (root, NULL, "Leaf");
  g_autofree char *other = ml_xml_child_text (root, "urn:x", "Leaf");

  g_assert_true (ml_xml_is (root, NULL, "Root"));
  g_assert_cmpstr (text, ==, "text");
  g_assert_cmpstr (other, ==, "other");
}

/* PIWS replies carry a disclaimer comment right after the root element. */
static void
test_xml_comments_skipped (void)
{
  g_autoptr(xmlDoc) doc = parse_ok (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<piws:JobQueueSnapshot xmlns=\"" PIWS_NS "\" xmlns:piws=\"" PIWS_NS "\">\n"
    "<!--\nTHIS DATA IS SUBJECT TO DISCLAIMER(S) INCLUDED WITH THE PRODUCT OF ORIGIN.\n-->\n"
    "  <ModificationNumber><!-- counter -->70</ModificationNumber>\n"
    "  <!-- <Status>commented out</Status> -->\n"
    "  <Timestamp>2026-05-23T16:30:56Z</Timestamp>\n"
    "</piws:JobQueueSnapshot>");
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *first = ml_xml_child (root, PIWS_NS, NULL);
  g_autofree char *modification = ml_xml_text (first);
  g_autofree char *timestamp = NULL;

  g_assert_true (ml_xml_is (first, PIWS_NS, "ModificationNumber"));
  g_assert_cmpstr (modification, ==, "70");
  g_assert_null (ml_xml_child (root, PIWS_NS, "Status"));
  g_assert_true (ml_xml_is (ml_xml_next (first, PIWS_NS, NULL), PIWS_NS, "Timestamp"));
  timestamp = ml_xml_child_text (root, PIWS_NS, "Timestamp");
  g_assert_cmpstr (timestamp, ==, "2026-05-23T16:30:56Z");
}

static void
test_xml_real_capture (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes ("designjet-z9-24in-PIWS-JQ-jobs-all-1job.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  xmlNode *print;
  g_autofree char *modification = NULL;
  g_autofree char *uuid = NULL;

  if (bytes == NULL)
    return;

  doc = ml_xml_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  root = xmlDocGetRootElement (doc);
  g_assert_true (ml_xml_is (root, PIWS_NS, "JobQueueSnapshot"));
  modification = ml_xml_child_text (root, PIWS_NS, "ModificationNumber");
  g_assert_cmpstr (modification, ==, "70");

  print = ml_xml_child (ml_xml_child (ml_xml_child (root, PIWS_NS, "Jobs"), PIWS_NS, "Job"),
                        PIWS_NS, "Job2DPrint");
  uuid = ml_xml_child_text (print, PIWS_NS, "UUID");
  g_assert_cmpstr (uuid, ==, "32222D2B-191C-402A-944C-CB719C44869F");
}

static void
test_xml_empty (void)
{
  assert_xml_refused ("", 0, ML_ERROR_EMPTY);
  assert_xml_refused (" \n\t\r\n  ", 7, ML_ERROR_EMPTY);
}

static void
test_xml_truncated (void)
{
  static const char text[] =
    "<?xml version=\"1.0\"?>\n<Identification xmlns=\"" PIWS_NS "\">\n"
    "  <Fields>\n    <SerialNumber>CNXXX";
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = ml_xml_parse (text, strlen (text), &error);

  g_assert_null (doc);
  g_assert_error (error, ML_ERROR, ML_ERROR_MALFORMED);
  /* libxml2's own words, and where. */
  g_assert_nonnull (strstr (error->message, "line 4"));
  g_assert_nonnull (strstr (error->message, "column"));
}

static void
test_xml_not_xml (void)
{
  static const char json[] = "{\"InkSystem\": {}}";
  static const char mismatched[] = "<a><b></a></b>";
  static const char two_roots[] = "<a/><b/>";

  assert_xml_refused (json, strlen (json), ML_ERROR_MALFORMED);
  assert_xml_refused (mismatched, strlen (mismatched), ML_ERROR_MALFORMED);
  assert_xml_refused (two_roots, strlen (two_roots), ML_ERROR_MALFORMED);
}

static void
test_xml_undeclared_prefix (void)
{
  static const char text[] = "<dd:Root><dd:Leaf>1</dd:Leaf></dd:Root>";

  assert_xml_refused (text, strlen (text), ML_ERROR_MALFORMED);
}

static void
test_xml_billion_laughs (void)
{
  static const char text[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<lolz>&lol9;</lolz>\n";

  assert_xml_refused (text, strlen (text), ML_ERROR_HOSTILE);
}

static void
test_xml_external_entity (void)
{
  static const char text[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Identification [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<Identification xmlns=\"" PIWS_NS "\"><Fields><SerialNumber>&xxe;</SerialNumber>"
    "</Fields></Identification>";

  assert_xml_refused (text, strlen (text), ML_ERROR_HOSTILE);
}

static void
test_xml_external_dtd (void)
{
  static const char text[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE Identification SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
    "<Identification xmlns=\"" PIWS_NS "\"/>";
  static const char public_id[] =
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><html/>";

  assert_xml_refused (text, strlen (text), ML_ERROR_HOSTILE);
  assert_xml_refused (public_id, strlen (public_id), ML_ERROR_HOSTILE);
}

static void
test_xml_parameter_entities (void)
{
  static const char text[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE r [\n"
    "  <!ENTITY % remote SYSTEM \"http://127.0.0.1:9/x.dtd\">\n"
    "  <!ENTITY % local \"<!ENTITY inner 'x'>\">\n"
    "  %local;\n"
    "  %remote;\n"
    "]>\n"
    "<r>&inner;</r>";
  static const char empty_doctype[] = "<!DOCTYPE r><r/>";

  assert_xml_refused (text, strlen (text), ML_ERROR_HOSTILE);
  assert_xml_refused (empty_doctype, strlen (empty_doctype), ML_ERROR_HOSTILE);
}

static void
test_xml_too_large (void)
{
  gsize length = 100 * 1024 * 1024;
  g_autofree char *data = g_malloc (length);
  gint64 start;

  memcpy (data, "<a>", 3);
  memset (data + 3, 'x', length - 3);

  start = g_get_monotonic_time ();
  assert_xml_refused (data, length, ML_ERROR_TOO_LARGE);
  assert_xml_refused (data, ML_XML_MAX_SIZE + 1, ML_ERROR_TOO_LARGE);
  /* Refused unread: no parser takes a whole second for nothing. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_xml_deep_nesting (void)
{
  guint depth = 100000;
  g_autoptr(GString) text = g_string_sized_new (depth * 7 + 16);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, "<a>");
  for (guint i = 0; i < depth; i++)
    g_string_append (text, "</a>");

  assert_xml_refused (text->str, text->len, ML_ERROR_TOO_LARGE);

  /* Unclosed, as an attacker would send it. */
  g_string_truncate (text, depth * 3);
  assert_xml_refused (text->str, text->len, ML_ERROR_TOO_LARGE);
}

static void
test_xml_invalid_utf8 (void)
{
  static const char text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Paper><Name>Hahnem\xfc\xfflle</Name></Paper>";

  assert_xml_refused (text, strlen (text), ML_ERROR_MALFORMED);
}

static void
test_xml_utf8_names (void)
{
  g_autoptr(xmlDoc) doc = parse_ok ("<Paper><Name>Hahnemühle Photo Rag 308g</Name></Paper>");
  g_autofree char *name = ml_xml_child_text (xmlDocGetRootElement (doc), NULL, "Name");

  g_assert_cmpstr (name, ==, "Hahnemühle Photo Rag 308g");
}

/* libxml2 writes its errors to stderr unless told otherwise, and a collector's log
 * is no place for a hostile printer's text. */
static void
test_xml_silent (void)
{
  if (g_test_subprocess ())
    {
      static const char *const documents[] = {
        "<a><b></a>",
        "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
        "<a>&undefined;</a>",
        "<dd:a/>",
        "<a xmlns='not a uri'/>",
      };

      for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(xmlDoc) doc = ml_xml_parse (documents[i], strlen (documents[i]), &error);

          g_assert_nonnull (doc != NULL ? (gpointer) doc : (gpointer) error);
        }
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

static gpointer
parse_many (gpointer data)
{
  static const char good[] = "<Root xmlns='urn:a'><Leaf>42</Leaf></Root>";
  static const char bad[] = "<!DOCTYPE r [<!ENTITY a 'b'>]><r>&a;</r>";
  static const char broken[] = "<Root><Leaf>42</Root>";

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(xmlDoc) doc = ml_xml_parse (good, strlen (good), &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = ml_xml_child_text (xmlDocGetRootElement (doc), "urn:a", "Leaf");
      g_assert_cmpstr (text, ==, "42");

      g_assert_null (ml_xml_parse (bad, strlen (bad), &error));
      g_assert_error (error, ML_ERROR, ML_ERROR_HOSTILE);
      g_clear_error (&error);

      g_assert_null (ml_xml_parse (broken, strlen (broken), &error));
      g_assert_error (error, ML_ERROR, ML_ERROR_MALFORMED);
    }
  return NULL;
}

static void
test_xml_threads (void)
{
  GThread *threads[8];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parse", parse_many, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

static void
assert_json_refused (const char *data,
                     gsize       length,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ml_json_parse (data, length, &error);

  g_assert_null (root);
  g_assert_error (error, ML_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_json_object (void)
{
  static const char text[] =
    "{\"DeviceStatus\": {\"StatusOverview\": {\"StatusSeverity\": \"Warning\"}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ml_json_parse (text, strlen (text), &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_node_get_object (root);
  object = json_object_get_object_member (object, "DeviceStatus");
  object = json_object_get_object_member (object, "StatusOverview");
  g_assert_cmpstr (json_object_get_string_member (object, "StatusSeverity"), ==, "Warning");
}

static void
test_json_empty (void)
{
  assert_json_refused ("", 0, ML_ERROR_EMPTY);
  assert_json_refused ("  \n ", 4, ML_ERROR_EMPTY);
}

static void
test_json_truncated (void)
{
  static const char text[] = "{\"InkSystem\": {\"InkSlotGroupCollection\": {\"InkSlotGroup\": [";
  static const char garbage[] = "InkSystem";
  g_autoptr(GError) error = NULL;

  assert_json_refused (text, strlen (text), ML_ERROR_MALFORMED);
  assert_json_refused (garbage, strlen (garbage), ML_ERROR_MALFORMED);

  g_assert_null (ml_json_parse (text, strlen (text), &error));
  /* json-glib's own words come through. */
  g_assert_cmpuint (strlen (error->message), >, strlen ("The JSON document is not well-formed: "));
}

static void
test_json_wrong_root (void)
{
  static const char array[] = "[{\"InkSystem\": {}}]";
  static const char string[] = "\"InkSystem\"";
  static const char number[] = "42";

  assert_json_refused (array, strlen (array), ML_ERROR_WRONG_TYPE);
  assert_json_refused (string, strlen (string), ML_ERROR_WRONG_TYPE);
  assert_json_refused (number, strlen (number), ML_ERROR_WRONG_TYPE);
}

static void
test_json_too_large (void)
{
  gsize length = 100 * 1024 * 1024;
  g_autofree char *data = g_malloc (length);
  gint64 start;

  data[0] = '[';
  memset (data + 1, ' ', length - 1);

  start = g_get_monotonic_time ();
  assert_json_refused (data, length, ML_ERROR_TOO_LARGE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_json_deep_nesting (void)
{
  guint depth = 100000;
  g_autoptr(GString) text = g_string_new ("{\"a\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');

  assert_json_refused (text->str, text->len, ML_ERROR_TOO_LARGE);
}

static void
test_json_brackets_in_strings (void)
{
  g_autoptr(GString) text = g_string_new ("{\"name\": \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* Brackets inside a string, and an escaped quote, are not nesting. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "[{");
  g_string_append (text, "\\\" [[[\"}");

  root = ml_json_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/xml/namespace-prefixes", test_xml_namespace_prefixes);
  g_test_add_func ("/collector/xml/no-namespace", test_xml_no_namespace);
  g_test_add_func ("/collector/xml/comments-skipped", test_xml_comments_skipped);
  g_test_add_func ("/collector/xml/real-capture", test_xml_real_capture);
  g_test_add_func ("/collector/xml/utf8-names", test_xml_utf8_names);
  g_test_add_func ("/collector/xml/empty", test_xml_empty);
  g_test_add_func ("/collector/xml/truncated", test_xml_truncated);
  g_test_add_func ("/collector/xml/not-xml", test_xml_not_xml);
  g_test_add_func ("/collector/xml/undeclared-prefix", test_xml_undeclared_prefix);
  g_test_add_func ("/collector/xml/billion-laughs", test_xml_billion_laughs);
  g_test_add_func ("/collector/xml/external-entity", test_xml_external_entity);
  g_test_add_func ("/collector/xml/external-dtd", test_xml_external_dtd);
  g_test_add_func ("/collector/xml/parameter-entities", test_xml_parameter_entities);
  g_test_add_func ("/collector/xml/too-large", test_xml_too_large);
  g_test_add_func ("/collector/xml/deep-nesting", test_xml_deep_nesting);
  g_test_add_func ("/collector/xml/invalid-utf8", test_xml_invalid_utf8);
  g_test_add_func ("/collector/xml/silent", test_xml_silent);
  g_test_add_func ("/collector/xml/threads", test_xml_threads);
  g_test_add_func ("/collector/json/object", test_json_object);
  g_test_add_func ("/collector/json/empty", test_json_empty);
  g_test_add_func ("/collector/json/truncated", test_json_truncated);
  g_test_add_func ("/collector/json/wrong-root", test_json_wrong_root);
  g_test_add_func ("/collector/json/too-large", test_json_too_large);
  g_test_add_func ("/collector/json/deep-nesting", test_json_deep_nesting);
  g_test_add_func ("/collector/json/brackets-in-strings", test_json_brackets_in_strings);

  return g_test_run ();
}
