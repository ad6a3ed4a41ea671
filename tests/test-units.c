/* test-units.c: exact unit conversion, timestamps and durations
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "meterlink-core.h"

static gint64
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  if (!ml_units_parse_decimal (text, &value, &error))
    g_error ("parsing \"%s\": %s", text, error->message);
  return value;
}

static gint64
convert_ok (const char *text,
            const char *unit,
            MlUnit      target)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  if (!ml_units_convert (text, unit, target, &value, &error))
    g_error ("converting \"%s\" %s: %s", text, unit, error->message);
  return value;
}

/* Returns the message, so that tests check what a person would read. */
static char *
convert_fails (const char *text,
               const char *unit,
               MlUnit      target)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  g_assert_false (ml_units_convert (text, unit, target, &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpint (value, ==, 12345);
  return g_strdup (error->message);
}

static char *
parse_fails (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  g_assert_false (ml_units_parse_decimal (text, &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpint (value, ==, 12345);
  return g_strdup (error->message);
}

static void
test_decimal_parse (void)
{
  g_assert_cmpint (parse_ok ("196"), ==, 196000000);
  g_assert_cmpint (parse_ok ("-0.5"), ==, -500000);
  g_assert_cmpint (parse_ok ("6.298611"), ==, 6298611);
  g_assert_cmpint (parse_ok ("+3"), ==, 3000000);
  g_assert_cmpint (parse_ok ("0"), ==, 0);
  g_assert_cmpint (parse_ok ("-0"), ==, 0);
  g_assert_cmpint (parse_ok ("007"), ==, 7000000);
  g_assert_cmpint (parse_ok (".25"), ==, 250000);
  g_assert_cmpint (parse_ok ("100"), ==, 100000000);
  g_assert_cmpint (parse_ok ("10.05"), ==, 10050000);
  g_assert_cmpint (parse_ok ("1.000000000000000000000000000000000000000"), ==, 1000000);
  /* XML text nodes carry white space around the number */
  g_assert_cmpint (parse_ok ("  12.5\n"), ==, 12500000);
  /* exponents move the decimal point exactly */
  g_assert_cmpint (parse_ok ("1e3"), ==, 1000000000);
  g_assert_cmpint (parse_ok ("1.5E-3"), ==, 1500);
  g_assert_cmpint (parse_ok ("2.5e+1"), ==, 25000000);
  g_assert_cmpint (parse_ok ("1e-30"), ==, 0);
}

static void
test_decimal_rounding (void)
{
  /* the seventh decimal rounds half away from zero */
  g_assert_cmpint (parse_ok ("0.0000005"), ==, 1);
  g_assert_cmpint (parse_ok ("-0.0000005"), ==, -1);
  g_assert_cmpint (parse_ok ("0.00000049999999"), ==, 0);
  g_assert_cmpint (parse_ok ("-0.00000049999999"), ==, 0);
  g_assert_cmpint (parse_ok ("0.0000015"), ==, 2);
  g_assert_cmpint (parse_ok ("-0.0000025"), ==, -3);
  g_assert_cmpint (parse_ok ("123456.1234564999"), ==, 123456123456);
  g_assert_cmpint (parse_ok ("123456.1234565"), ==, 123456123457);
}

static void
test_decimal_limits (void)
{
  g_autofree char *too_large = NULL;
  g_autofree char *too_many = NULL;

  g_assert_cmpint (parse_ok ("9223372036854.775807"), ==, G_MAXINT64);
  g_assert_cmpint (parse_ok ("-9223372036854.775807"), ==, -G_MAXINT64);

  too_large = parse_fails ("9223372036854.775808");
  g_assert_nonnull (strstr (too_large, "\"9223372036854.775808\""));
  g_assert_nonnull (strstr (too_large, "too large"));
  g_free (parse_fails ("10000000000000"));
  g_free (parse_fails ("1e13"));
  g_free (parse_fails ("1e999999"));

  too_many = parse_fails ("1.0000000000000000000000000000001");
  g_assert_nonnull (strstr (too_many, "significant digits"));
}

static void
test_decimal_errors (void)
{
  static const char *not_numbers[] = {
    "abc", "NaN", "nan", "inf", "-Infinity", "1.2.3", "--1", "-", "+", ".", "1e",
    "1e+", "0x10", "12abc", "1 2", "½", "١٢", "12 cc",
  };
  g_autofree char *empty = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *comma = NULL;
  g_autofree char *abc = NULL;

  empty = parse_fails ("");
  g_assert_cmpstr (empty, ==, "\"\" is not a number: the text is empty");
  blank = parse_fails ("   ");
  g_assert_nonnull (strstr (blank, "empty"));

  comma = parse_fails ("1,5");
  g_assert_cmpstr (comma, ==, "\"1,5\" is not a number: the decimal separator must be a dot");

  abc = parse_fails ("abc");
  g_assert_cmpstr (abc, ==, "\"abc\" is not a number");

  for (guint i = 0; i < G_N_ELEMENTS (not_numbers); i++)
    {
      g_autofree char *message = parse_fails (not_numbers[i]);

      g_assert_nonnull (strstr (message, not_numbers[i]));
    }
}

static void
test_rounding_ink (void)
{
  g_assert_cmpint (convert_ok ("2.5", "ul", ML_UNIT_MICROLITRE), ==, 3);
  g_assert_cmpint (convert_ok ("-2.5", "ul", ML_UNIT_MICROLITRE), ==, -3);
  g_assert_cmpint (convert_ok ("2.4999999", "ul", ML_UNIT_MICROLITRE), ==, 2);
  g_assert_cmpint (convert_ok ("0.0005", "ml", ML_UNIT_MICROLITRE), ==, 1);
  g_assert_cmpint (convert_ok ("-0.0005", "ml", ML_UNIT_MICROLITRE), ==, -1);
  g_assert_cmpint (convert_ok ("1.0005", "cc", ML_UNIT_MICROLITRE), ==, 1001);
  g_assert_cmpint (convert_ok ("1.0004999", "cc", ML_UNIT_MICROLITRE), ==, 1000);
  /* digits past the sixth decimal still count: no double rounding */
  g_assert_cmpint (convert_ok ("0.00049999999999999999", "ml", ML_UNIT_MICROLITRE), ==, 0);
  g_assert_cmpint (convert_ok ("0.005", "tenthsOfMilliliters", ML_UNIT_MICROLITRE), ==, 1);
  g_assert_cmpint (convert_ok ("-0.015", "tenthsOfMilliliters", ML_UNIT_MICROLITRE), ==, -2);
  g_assert_cmpint (convert_ok ("0.0000005", "l", ML_UNIT_MICROLITRE), ==, 1);
  g_assert_cmpint (convert_ok ("0.00000049", "l", ML_UNIT_MICROLITRE), ==, 0);
  g_assert_cmpint (convert_ok ("1234.567", "cc", ML_UNIT_MICROLITRE), ==, 1234567);
}

static void
test_rounding_length (void)
{
  /* 2.5 in is 63.5 mm exactly */
  g_assert_cmpint (convert_ok ("2.5", "in", ML_UNIT_MM), ==, 64);
  g_assert_cmpint (convert_ok ("-2.5", "in", ML_UNIT_MM), ==, -64);
  g_assert_cmpint (convert_ok ("2.4999999", "in", ML_UNIT_MM), ==, 63);
  g_assert_cmpint (convert_ok ("6.298611", "in", ML_UNIT_MM), ==, 160);
  g_assert_cmpint (convert_ok ("0.05", "cm", ML_UNIT_MM), ==, 1);
  g_assert_cmpint (convert_ok ("0.0005", "m", ML_UNIT_MM), ==, 1);
  /* 0.4995 mm: rounding to six decimals first would wrongly give 1 */
  g_assert_cmpint (convert_ok ("0.0004995", "m", ML_UNIT_MM), ==, 0);
  g_assert_cmpint (convert_ok ("1043.217", "m", ML_UNIT_MM), ==, 1043217);
  /* 0.625 ft is 190.5 mm exactly */
  g_assert_cmpint (convert_ok ("0.625", "ft", ML_UNIT_MM), ==, 191);
  g_assert_cmpint (convert_ok ("-0.625", "ft", ML_UNIT_MM), ==, -191);
  g_assert_cmpint (convert_ok ("0.6249999", "ft", ML_UNIT_MM), ==, 190);
}

static void
test_rounding_area (void)
{
  /* 12.5 in² is 8064.5 mm² exactly */
  g_assert_cmpint (convert_ok ("12.5", "in2", ML_UNIT_MM2), ==, 8065);
  g_assert_cmpint (convert_ok ("-12.5", "in2", ML_UNIT_MM2), ==, -8065);
  g_assert_cmpint (convert_ok ("12.4999999", "in2", ML_UNIT_MM2), ==, 8064);
  /* 0.78125 ft² is 72580.5 mm² exactly */
  g_assert_cmpint (convert_ok ("0.78125", "ft2", ML_UNIT_MM2), ==, 72581);
  g_assert_cmpint (convert_ok ("-0.78125", "ft2", ML_UNIT_MM2), ==, -72581);
  g_assert_cmpint (convert_ok ("0.7812499", "ft2", ML_UNIT_MM2), ==, 72580);
  g_assert_cmpint (convert_ok ("0.0000005", "m2", ML_UNIT_MM2), ==, 1);
  g_assert_cmpint (convert_ok ("0.0000004", "m2", ML_UNIT_MM2), ==, 0);
  g_assert_cmpint (convert_ok ("812.345678", "m2", ML_UNIT_MM2), ==, 812345678);
  g_assert_cmpint (convert_ok ("0.005", "cm2", ML_UNIT_MM2), ==, 1);
  g_assert_cmpint (convert_ok ("0.5", "mm2", ML_UNIT_MM2), ==, 1);
}

static void
test_rounding_duration (void)
{
  g_assert_cmpint (convert_ok ("0.0005", "s", ML_UNIT_MS), ==, 1);
  g_assert_cmpint (convert_ok ("-0.0005", "s", ML_UNIT_MS), ==, -1);
  g_assert_cmpint (convert_ok ("0.0004999", "s", ML_UNIT_MS), ==, 0);
  /* 0.000025 min is 1.5 ms */
  g_assert_cmpint (convert_ok ("0.000025", "min", ML_UNIT_MS), ==, 2);
  g_assert_cmpint (convert_ok ("-0.000025", "min", ML_UNIT_MS), ==, -2);
  g_assert_cmpint (convert_ok ("1.5", "ms", ML_UNIT_MS), ==, 2);
  g_assert_cmpint (convert_ok ("90", "min", ML_UNIT_MS), ==, 5400000);
}

static void
test_unit_names (void)
{
  static const struct {
    const char *unit;
    MlUnit target;
    gint64 per_ten;  /* what "10" of the unit is in the model's unit */
  } cases[] = {
    { "ul", ML_UNIT_MICROLITRE, 10 },
    { "uL", ML_UNIT_MICROLITRE, 10 },
    { "\xc2\xb5l", ML_UNIT_MICROLITRE, 10 },
    { "ml", ML_UNIT_MICROLITRE, 10000 },
    { "mL", ML_UNIT_MICROLITRE, 10000 },
    { "milliliters", ML_UNIT_MICROLITRE, 10000 },
    { "Millilitres", ML_UNIT_MICROLITRE, 10000 },
    { "cc", ML_UNIT_MICROLITRE, 10000 },
    { "CC", ML_UNIT_MICROLITRE, 10000 },
    { "tenthsOfMilliliters", ML_UNIT_MICROLITRE, 1000 },
    { "TENTHSOFMILLILITERS", ML_UNIT_MICROLITRE, 1000 },
    { "l", ML_UNIT_MICROLITRE, 10000000 },
    { "L", ML_UNIT_MICROLITRE, 10000000 },
    { "mm", ML_UNIT_MM, 10 },
    { "cm", ML_UNIT_MM, 100 },
    { "m", ML_UNIT_MM, 10000 },
    { "M", ML_UNIT_MM, 10000 },
    { "in", ML_UNIT_MM, 254 },
    { "inch", ML_UNIT_MM, 254 },
    { "Inches", ML_UNIT_MM, 254 },
    { "ft", ML_UNIT_MM, 3048 },
    { "mm2", ML_UNIT_MM2, 10 },
    { "cm2", ML_UNIT_MM2, 1000 },
    { "m2", ML_UNIT_MM2, 10000000 },
    { "in2", ML_UNIT_MM2, 6452 },
    { "ft2", ML_UNIT_MM2, 929030 },
    { "FT2", ML_UNIT_MM2, 929030 },
    { "ms", ML_UNIT_MS, 10 },
    { "s", ML_UNIT_MS, 10000 },
    { "S", ML_UNIT_MS, 10000 },
    { "min", ML_UNIT_MS, 600000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("unit %s", cases[i].unit);
      g_assert_cmpint (convert_ok ("10", cases[i].unit, cases[i].target), ==, cases[i].per_ten);
    }
}

static void
test_unit_errors (void)
{
  g_autofree char *wrong_dimension = convert_fails ("1", "mm", ML_UNIT_MICROLITRE);
  g_autofree char *unknown = convert_fails ("1", "gallons", ML_UNIT_MICROLITRE);
  g_autofree char *unknown_area = convert_fails ("1", "acres", ML_UNIT_MM2);
  g_autofree char *time_for_length = convert_fails ("1", "s", ML_UNIT_MM);
  g_autofree char *bad_number = convert_fails ("12,5", "cc", ML_UNIT_MICROLITRE);
  g_autofree char *empty_unit = convert_fails ("1", "", ML_UNIT_MM);

  g_assert_cmpstr (wrong_dimension, ==, "\"mm\" is a unit of length, not of ink");
  g_assert_cmpstr (unknown, ==, "unknown unit \"gallons\" for ink");
  g_assert_cmpstr (unknown_area, ==, "unknown unit \"acres\" for area");
  g_assert_cmpstr (time_for_length, ==, "\"s\" is a unit of duration, not of length");
  g_assert_nonnull (strstr (bad_number, "\"12,5\" is not a number"));
  g_assert_cmpstr (empty_unit, ==, "unknown unit \"\" for length");
}

static void
test_convert_large (void)
{
  g_autofree char *overflow = NULL;

  /* a trillion of the printer's unit still converts exactly */
  g_assert_cmpint (convert_ok ("1000000000000", "m2", ML_UNIT_MM2), ==,
                   G_GINT64_CONSTANT (1000000000000000000));
  g_assert_cmpint (convert_ok ("1000000000000", "ft2", ML_UNIT_MM2), ==,
                   G_GINT64_CONSTANT (92903040000000000));
  g_assert_cmpint (convert_ok ("999999999999.99", "ft2", ML_UNIT_MM2), ==,
                   G_GINT64_CONSTANT (92903039999999071));
  g_assert_cmpint (convert_ok ("1000000000000", "l", ML_UNIT_MICROLITRE), ==,
                   G_GINT64_CONSTANT (1000000000000000000));
  g_assert_cmpint (convert_ok ("1000000000000", "in", ML_UNIT_MM), ==,
                   G_GINT64_CONSTANT (25400000000000));
  g_assert_cmpint (convert_ok ("1e12", "min", ML_UNIT_MS), ==,
                   G_GINT64_CONSTANT (60000000000000000));
  g_assert_cmpint (convert_ok ("9223372036854775807", "mm", ML_UNIT_MM), ==, G_MAXINT64);

  overflow = convert_fails ("10000000000000", "m2", ML_UNIT_MM2);
  g_assert_cmpstr (overflow, ==, "\"10000000000000\" m2 is too large for a measurement");
  g_free (convert_fails ("9223372036854775808", "mm", ML_UNIT_MM));
  g_free (convert_fails ("-9223372036854775808", "ul", ML_UNIT_MICROLITRE));
}

static void
test_convert_double (void)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  g_assert_true (ml_units_convert_double (6.298611, "in", ML_UNIT_MM, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 160);

  /* 0.1 + 0.2 is 0.30000000000000004 in binary; six decimals make it 0.3 */
  g_assert_true (ml_units_convert_double (0.1 + 0.2, "cc", ML_UNIT_MICROLITRE, &value, &error));
  g_assert_cmpint (value, ==, 300);

  g_assert_true (ml_units_convert_double (-1.5, "ul", ML_UNIT_MICROLITRE, &value, &error));
  g_assert_cmpint (value, ==, -2);

  g_assert_true (ml_units_convert_double (812.345678, "m2", ML_UNIT_MM2, &value, &error));
  g_assert_cmpint (value, ==, 812345678);

  value = 12345;
  g_assert_false (ml_units_convert_double (NAN, "cc", ML_UNIT_MICROLITRE, &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "NaN"));
  g_clear_error (&error);

  g_assert_false (ml_units_convert_double (INFINITY, "cc", ML_UNIT_MICROLITRE, &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_false (ml_units_convert_double (1e300, "cc", ML_UNIT_MICROLITRE, &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_false (ml_units_convert_double (1.0, "gallons", ML_UNIT_MICROLITRE, &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpint (value, ==, 12345);
}

static void
test_format_examples (void)
{
  static const struct {
    gint64 value;
    MlUnit from;
    const char *unit;
    const char *text;
  } cases[] = {
    { 196000, ML_UNIT_MICROLITRE, "cc", "196" },
    { 160, ML_UNIT_MM, "in", "6.299213" },
    { -160, ML_UNIT_MM, "in", "-6.299213" },
    { 0, ML_UNIT_MM, "in", "0" },
    { 500, ML_UNIT_MICROLITRE, "ml", "0.5" },
    { 1234567, ML_UNIT_MICROLITRE, "cc", "1234.567" },
    { 1000, ML_UNIT_MICROLITRE, "tenthsOfMilliliters", "10" },
    { 1, ML_UNIT_MM2, "ft2", "0.000011" },
    { 8065, ML_UNIT_MM2, "in2", "12.500775" },
    { 812345678, ML_UNIT_MM2, "m2", "812.345678" },
    { 1043217, ML_UNIT_MM, "m", "1043.217" },
    { 5400000, ML_UNIT_MS, "min", "90" },
    { 3723500, ML_UNIT_MS, "s", "3723.5" },
    { G_MAXINT64, ML_UNIT_MM, "mm", "9223372036854775807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ml_units_format (cases[i].value, cases[i].from, cases[i].unit);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_round_trip (void)
{
  static const struct {
    const char *unit;
    MlUnit from;
  } units[] = {
    { "ul", ML_UNIT_MICROLITRE }, { "ml", ML_UNIT_MICROLITRE }, { "cc", ML_UNIT_MICROLITRE },
    { "tenthsOfMilliliters", ML_UNIT_MICROLITRE }, { "l", ML_UNIT_MICROLITRE },
    { "mm", ML_UNIT_MM }, { "cm", ML_UNIT_MM }, { "m", ML_UNIT_MM },
    { "in", ML_UNIT_MM }, { "ft", ML_UNIT_MM },
    { "mm2", ML_UNIT_MM2 }, { "cm2", ML_UNIT_MM2 }, { "m2", ML_UNIT_MM2 },
    { "in2", ML_UNIT_MM2 }, { "ft2", ML_UNIT_MM2 },
    { "ms", ML_UNIT_MS }, { "s", ML_UNIT_MS }, { "min", ML_UNIT_MS },
  };
  static const gint64 large[] = {
    99999, 1000000, 1234567, 987654321, G_GINT64_CONSTANT (1000000000000),
    G_GINT64_CONSTANT (92903040000000000), G_GINT64_CONSTANT (1000000000000000000),
  };

  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      for (gint64 value = -300; value <= 3000; value++)
        {
          g_autofree char *text = ml_units_format (value, units[u].from, units[u].unit);

          if (convert_ok (text, units[u].unit, units[u].from) != value)
            g_error ("%" G_GINT64_FORMAT " as \"%s\" %s does not convert back",
                     value, text, units[u].unit);
        }

      for (guint i = 0; i < G_N_ELEMENTS (large); i++)
        {
          g_autofree char *text = ml_units_format (large[i], units[u].from, units[u].unit);

          g_assert_cmpint (convert_ok (text, units[u].unit, units[u].from), ==, large[i]);
        }
    }
}

static gint64
timestamp_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  if (!ml_units_parse_timestamp (text, &value, &error))
    g_error ("parsing \"%s\": %s", text, error->message);
  return value;
}

static void
test_timestamp_parse (void)
{
  g_assert_cmpint (timestamp_ok ("2026-05-23T16:30:56Z"), ==, 1779553856);
  g_assert_cmpint (timestamp_ok ("2026-05-23T17:30:56+01:00"), ==, 1779553856);
  g_assert_cmpint (timestamp_ok ("2026-05-23T11:30:56-05:00"), ==, 1779553856);
  g_assert_cmpint (timestamp_ok ("2026-05-23T16:30:56.789Z"), ==, 1779553856);
  g_assert_cmpint (timestamp_ok ("2026-05-23T16:30:56.999999+00:00"), ==, 1779553856);
  /* printers without an offset mean UTC */
  g_assert_cmpint (timestamp_ok ("2026-05-23T16:30:56"), ==, 1779553856);
  g_assert_cmpint (timestamp_ok (" 2026-05-23T16:30:56Z\n"), ==, 1779553856);
  g_assert_cmpint (timestamp_ok ("2024-03-18"), ==, 1710720000);
  g_assert_cmpint (timestamp_ok ("2024-02-29"), ==, 1709164800);
}

static void
test_timestamp_unset (void)
{
  g_assert_cmpint (timestamp_ok ("1970-01-01T00:00:00Z"), ==, 0);
  g_assert_cmpint (timestamp_ok ("1970-01-01"), ==, 0);
  /* firmware defaults from before any printer existed also mean "never set" */
  g_assert_cmpint (timestamp_ok ("0001-01-01T00:00:00"), ==, 0);
  g_assert_cmpint (timestamp_ok ("1969-12-31T23:59:59Z"), ==, 0);
  g_assert_cmpint (timestamp_ok ("1970-01-01T00:00:01Z"), ==, 1);
}

static void
test_timestamp_errors (void)
{
  static const char *garbage[] = {
    "", "yesterday", "2024-13-01", "2024-02-30", "2023-02-29", "2024-03-18T25:00:00Z",
    "18.03.2024", "2024-03-18T", "1710720000", "2024-3-18",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", garbage[i]);
      gint64 value = 12345;

      g_test_message ("timestamp \"%s\"", garbage[i]);
      g_assert_false (ml_units_parse_timestamp (garbage[i], &value, &error));
      g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, "ISO 8601"));
      g_assert_cmpint (value, ==, 12345);
    }
}

static void
test_timestamp_format (void)
{
  g_autofree char *text = ml_units_format_timestamp (1779553856);
  g_autofree char *epoch_plus_one = ml_units_format_timestamp (1);

  g_assert_null (ml_units_format_timestamp (0));
  g_assert_cmpstr (text, ==, "2026-05-23T16:30:56Z");
  g_assert_cmpstr (epoch_plus_one, ==, "1970-01-01T00:00:01Z");
  g_assert_cmpint (timestamp_ok (text), ==, 1779553856);
}

static gint64
duration_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  if (!ml_units_parse_duration (text, &value, &error))
    g_error ("parsing \"%s\": %s", text, error->message);
  return value;
}

static void
test_duration (void)
{
  g_assert_cmpint (duration_ok ("P0Y0M0DT0H0M0S"), ==, 0);
  g_assert_cmpint (duration_ok ("PT1H2M3.5S"), ==, 3723500);
  g_assert_cmpint (duration_ok ("P1D"), ==, 86400000);
  g_assert_cmpint (duration_ok ("P1DT1S"), ==, 86401000);
  g_assert_cmpint (duration_ok ("P2W"), ==, 1209600000);
  g_assert_cmpint (duration_ok ("PT0.0005S"), ==, 1);
  g_assert_cmpint (duration_ok ("PT0.0004S"), ==, 0);
  g_assert_cmpint (duration_ok ("PT1.5M"), ==, 90000);
  /* ISO 8601 allows a comma as the decimal sign */
  g_assert_cmpint (duration_ok ("PT3,5S"), ==, 3500);
  g_assert_cmpint (duration_ok ("PT36H"), ==, 129600000);
  g_assert_cmpint (duration_ok ("P0Y0M1DT0H0M0.25S"), ==, 86400250);
}

static void
test_duration_errors (void)
{
  static const char *garbage[] = {
    "", "P", "PT", "1H", "T1H", "PT1H2H", "PT5M1H", "P1H", "PT1D", "P1DT", "PTS",
    "PT1.2.3S", "PT-1S", "-PT1S", "PT1X", "P1D2", "PT1H 2M",
  };
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  g_assert_false (ml_units_parse_duration ("P1Y", &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==,
                   "\"P1Y\" counts years or months, which have no fixed length");
  g_clear_error (&error);

  g_assert_false (ml_units_parse_duration ("P0Y1M", &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "months"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", garbage[i]);

      g_test_message ("duration \"%s\"", garbage[i]);
      g_assert_false (ml_units_parse_duration (garbage[i], &value, &error));
      g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, quoted));
      g_clear_error (&error);
    }

  g_assert_false (ml_units_parse_duration ("P999999999999999W", &value, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_assert_cmpint (value, ==, 12345);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/units/decimal/parse", test_decimal_parse);
  g_test_add_func ("/core/units/decimal/rounding", test_decimal_rounding);
  g_test_add_func ("/core/units/decimal/limits", test_decimal_limits);
  g_test_add_func ("/core/units/decimal/errors", test_decimal_errors);
  g_test_add_func ("/core/units/rounding/ink", test_rounding_ink);
  g_test_add_func ("/core/units/rounding/length", test_rounding_length);
  g_test_add_func ("/core/units/rounding/area", test_rounding_area);
  g_test_add_func ("/core/units/rounding/duration", test_rounding_duration);
  g_test_add_func ("/core/units/convert/unit-names", test_unit_names);
  g_test_add_func ("/core/units/convert/unit-errors", test_unit_errors);
  g_test_add_func ("/core/units/convert/large", test_convert_large);
  g_test_add_func ("/core/units/convert/double", test_convert_double);
  g_test_add_func ("/core/units/format/examples", test_format_examples);
  g_test_add_func ("/core/units/format/round-trip", test_format_round_trip);
  g_test_add_func ("/core/units/timestamp/parse", test_timestamp_parse);
  g_test_add_func ("/core/units/timestamp/unset", test_timestamp_unset);
  g_test_add_func ("/core/units/timestamp/errors", test_timestamp_errors);
  g_test_add_func ("/core/units/timestamp/format", test_timestamp_format);
  g_test_add_func ("/core/units/duration/parse", test_duration);
  g_test_add_func ("/core/units/duration/errors", test_duration_errors);

  return g_test_run ();
}
