/* ml-units.c: exact conversion of the printers' units into the model's
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Billing multiplies these numbers by prices, so a conversion must not drift: the
 * printer's text is read as an exact decimal (up to 30 significant digits in a
 * 128-bit integer), multiplied by the unit's exact factor and rounded once, half
 * away from zero. Binary floating point never touches a value.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "ml-error.h"
#include "ml-units.h"

typedef unsigned __int128 MlU128;

/* 30 digits times the largest factor (weeks in ms, 6.048e8) stays below 2^128. */
#define MAX_SIGNIFICANT_DIGITS 30
#define MAX_EXPONENT 99

/* value = digits / 10^scale, with scale >= 0 */
typedef struct
{
  gboolean negative;
  MlU128 digits;
  int scale;
} MlDecimal;

typedef enum {
  DIMENSION_INK,
  DIMENSION_LENGTH,
  DIMENSION_AREA,
  DIMENSION_DURATION,
} Dimension;

/* Every factor into the model's unit is num / 10^k exactly. */
typedef struct
{
  const char *name;
  Dimension dimension;
  guint64 num;
  int k;
} UnitInfo;

static const UnitInfo units[] = {
  { "ul", DIMENSION_INK, 1, 0 },
  { "\xc2\xb5l", DIMENSION_INK, 1, 0 },  /* µl */
  { "ml", DIMENSION_INK, 1000, 0 },
  { "milliliters", DIMENSION_INK, 1000, 0 },
  { "millilitres", DIMENSION_INK, 1000, 0 },
  { "cc", DIMENSION_INK, 1000, 0 },
  { "tenthsOfMilliliters", DIMENSION_INK, 100, 0 },
  { "l", DIMENSION_INK, 1000000, 0 },
  { "mm", DIMENSION_LENGTH, 1, 0 },
  { "cm", DIMENSION_LENGTH, 10, 0 },
  { "m", DIMENSION_LENGTH, 1000, 0 },
  { "in", DIMENSION_LENGTH, 254, 1 },
  { "inch", DIMENSION_LENGTH, 254, 1 },
  { "inches", DIMENSION_LENGTH, 254, 1 },
  { "ft", DIMENSION_LENGTH, 3048, 1 },
  { "mm2", DIMENSION_AREA, 1, 0 },
  { "cm2", DIMENSION_AREA, 100, 0 },
  { "m2", DIMENSION_AREA, 1000000, 0 },
  { "in2", DIMENSION_AREA, 64516, 2 },
  { "ft2", DIMENSION_AREA, 9290304, 2 },
  { "ms", DIMENSION_DURATION, 1, 0 },
  { "s", DIMENSION_DURATION, 1000, 0 },
  { "min", DIMENSION_DURATION, 60000, 0 },
};

static const char *
dimension_name (Dimension dimension)
{
  switch (dimension)
    {
    case DIMENSION_INK: return _("ink");
    case DIMENSION_LENGTH: return _("length");
    case DIMENSION_AREA: return _("area");
    case DIMENSION_DURATION: return _("duration");
    default: g_return_val_if_reached ("");
    }
}

static gboolean
dimension_for_target (MlUnit     target,
                      Dimension *out_dimension)
{
  switch (target)
    {
    case ML_UNIT_MICROLITRE: *out_dimension = DIMENSION_INK; return TRUE;
    case ML_UNIT_MM: *out_dimension = DIMENSION_LENGTH; return TRUE;
    case ML_UNIT_MM2: *out_dimension = DIMENSION_AREA; return TRUE;
    case ML_UNIT_MS: *out_dimension = DIMENSION_DURATION; return TRUE;
    default: return FALSE;
    }
}

static MlU128
pow10_u128 (int n)
{
  MlU128 result = 1;

  g_assert (n >= 0 && n <= 38);

  while (n-- > 0)
    result *= 10;
  return result;
}

static gboolean
is_blank (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return *p == '\0';
}

/* Parses [+-]digits[.digits][(e|E)[+-]digits] with optional surrounding white space.
 * Returns FALSE with @error set; @text is only used for messages. */
static gboolean
decimal_parse (const char  *text,
               MlDecimal   *out,
               GError     **error)
{
  const char *p = text;
  MlU128 digits = 0;
  int n_significant = 0;
  int n_digits = 0;
  int scale = 0;
  int pending_zeros = 0;
  gboolean in_fraction = FALSE;
  gboolean negative = FALSE;

  while (g_ascii_isspace (*p))
    p++;

  if (*p == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("\"%s\" is not a number: the text is empty"), text);
      return FALSE;
    }

  if (*p == '+' || *p == '-')
    negative = (*p++ == '-');

  for (; *p != '\0'; p++)
    {
      if (*p == '.' && !in_fraction)
        {
          /* Zeros held back in the integer part are now known to count. */
          if (pending_zeros > 0)
            {
              if (n_significant + pending_zeros > MAX_SIGNIFICANT_DIGITS)
                goto too_large;
              digits *= pow10_u128 (pending_zeros);
              n_significant += pending_zeros;
              pending_zeros = 0;
            }
          in_fraction = TRUE;
          continue;
        }
      if (!g_ascii_isdigit (*p))
        break;

      n_digits++;
      if (*p == '0')
        {
          /* Leading zeros of the integer part mean nothing. Other zeros wait until a
           * later digit shows they matter: trailing zeros of a fraction change
           * nothing and do not count against the digit limit. */
          if (n_significant > 0 || in_fraction)
            pending_zeros++;
          continue;
        }

      if (n_significant == 0)
        {
          /* Zeros between the dot and the first significant digit only scale. */
          digits = (MlU128) (*p - '0');
          if (in_fraction)
            scale += pending_zeros + 1;
          n_significant = 1;
        }
      else
        {
          if (n_significant + pending_zeros + 1 > MAX_SIGNIFICANT_DIGITS)
            {
              g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                           _("\"%s\" has more than %d significant digits"),
                           text, MAX_SIGNIFICANT_DIGITS);
              return FALSE;
            }
          digits = digits * pow10_u128 (pending_zeros + 1) + (MlU128) (*p - '0');
          n_significant += pending_zeros + 1;
          if (in_fraction)
            scale += pending_zeros + 1;
        }
      pending_zeros = 0;
    }

  if (!in_fraction && pending_zeros > 0)
    {
      if (n_significant + pending_zeros > MAX_SIGNIFICANT_DIGITS)
        goto too_large;
      digits *= pow10_u128 (pending_zeros);
      n_significant += pending_zeros;
    }

  if (n_digits == 0)
    goto not_a_number;

  if (*p == 'e' || *p == 'E')
    {
      gboolean exp_negative = FALSE;
      int exponent = 0;
      int n_exp_digits = 0;

      p++;
      if (*p == '+' || *p == '-')
        exp_negative = (*p++ == '-');
      for (; g_ascii_isdigit (*p); p++)
        {
          if (exponent > MAX_EXPONENT)
            break;
          exponent = exponent * 10 + (*p - '0');
          n_exp_digits++;
        }
      if (n_exp_digits == 0)
        goto not_a_number;
      if (exponent > MAX_EXPONENT)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("\"%s\" has an exponent out of range"), text);
          return FALSE;
        }

      if (exp_negative)
        scale += exponent;
      else if (digits != 0)
        {
          /* Move the decimal point right: first use up the fraction, then append zeros. */
          int shift = MIN (exponent, scale);

          scale -= shift;
          exponent -= shift;
          if (n_significant + exponent > MAX_SIGNIFICANT_DIGITS)
            goto too_large;
          digits *= pow10_u128 (exponent);
        }
    }

  if (!is_blank (p))
    {
      if (*p == ',')
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("\"%s\" is not a number: the decimal separator must be a dot"),
                       text);
          return FALSE;
        }
      goto not_a_number;
    }

  out->negative = negative && digits != 0;
  out->digits = digits;
  out->scale = scale;
  return TRUE;

not_a_number:
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
               _("\"%s\" is not a number"), text);
  return FALSE;

too_large:
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
               _("\"%s\" is too large for a measurement"), text);
  return FALSE;
}

/* Computes round_half_away_from_zero (value * num / 10^k). FALSE when the result does
 * not fit a gint64. */
static gboolean
decimal_scale (const MlDecimal *value,
               guint64          num,
               int              k,
               gint64          *out)
{
  MlU128 product;
  MlU128 quotient;
  int shift;

  if (value->digits == 0)
    {
      *out = 0;
      return TRUE;
    }

  if (value->digits > ((MlU128) -1) / num)
    return FALSE;

  product = value->digits * num;
  shift = value->scale + k;

  if (shift > 38)
    {
      /* product < 2^128 < 10^39 / 2, so the quotient rounds to zero */
      quotient = 0;
    }
  else
    {
      MlU128 divisor = pow10_u128 (shift);
      MlU128 remainder;

      quotient = product / divisor;
      remainder = product % divisor;
      /* remainder >= divisor / 2, written without the truncation of divisor / 2 */
      if (remainder >= divisor - remainder)
        quotient++;
    }

  if (quotient > (MlU128) G_MAXINT64)
    return FALSE;

  *out = value->negative ? -(gint64) quotient : (gint64) quotient;
  return TRUE;
}

gboolean
ml_units_parse_decimal (const char  *text,
                        gint64      *out_millionths,
                        GError     **error)
{
  MlDecimal value;
  gint64 result;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_millionths != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!decimal_parse (text, &value, error))
    return FALSE;

  if (!decimal_scale (&value, 1000000, 0, &result))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("\"%s\" is too large for a measurement"), text);
      return FALSE;
    }

  *out_millionths = result;
  return TRUE;
}

static const UnitInfo *
lookup_unit (const char  *unit,
             MlUnit       target,
             GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (unit));
  Dimension dimension;

  if (!dimension_for_target (target, &dimension))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%d is not a unit of the model"), (int) target);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_ascii_strcasecmp (units[i].name, stripped) != 0)
        continue;

      if (units[i].dimension != dimension)
        {
          /* TRANSLATORS: "\"mm\" is a unit of length, not of ink" */
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("\"%s\" is a unit of %s, not of %s"),
                       unit, dimension_name (units[i].dimension), dimension_name (dimension));
          return NULL;
        }
      return &units[i];
    }

  /* TRANSLATORS: "unknown unit \"gallons\" for ink" */
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
               _("unknown unit \"%s\" for %s"), unit, dimension_name (dimension));
  return NULL;
}

gboolean
ml_units_convert (const char  *text,
                  const char  *unit,
                  MlUnit       target,
                  gint64      *out_value,
                  GError     **error)
{
  const UnitInfo *info;
  MlDecimal value;
  gint64 result;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(info = lookup_unit (unit, target, error)))
    return FALSE;

  if (!decimal_parse (text, &value, error))
    return FALSE;

  if (!decimal_scale (&value, info->num, info->k, &result))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("\"%s\" %s is too large for a measurement"), text, unit);
      return FALSE;
    }

  *out_value = result;
  return TRUE;
}

gboolean
ml_units_convert_double (double       value,
                         const char  *unit,
                         MlUnit       target,
                         gint64      *out_value,
                         GError     **error)
{
  /* %.6f of the largest double has 309 integer digits */
  char buffer[400];

  g_return_val_if_fail (unit != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (isnan (value) || isinf (value))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s is not a number a printer can measure"),
                   isnan (value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"));
      return FALSE;
    }

  g_ascii_formatd (buffer, sizeof buffer, "%.6f", value);
  return ml_units_convert (buffer, unit, target, out_value, error);
}

char *
ml_units_format (gint64      value,
                 MlUnit      from,
                 const char *unit)
{
  g_autoptr(GError) error = NULL;
  const UnitInfo *info;
  MlU128 magnitude;
  MlU128 divisor;
  MlU128 millionths;
  MlU128 remainder;
  guint64 integer_part;
  guint fraction;
  char fraction_text[8];
  int len;

  g_return_val_if_fail (unit != NULL, NULL);

  if (!(info = lookup_unit (unit, from, &error)))
    {
      g_critical ("%s", error->message);
      return NULL;
    }

  /* The nearest multiple of a millionth of the printer unit. Every factor is at least
   * 1, so that multiple is within half a model unit of the value and converts back to
   * exactly it. */
  magnitude = value < 0 ? (MlU128) (-(value + 1)) + 1 : (MlU128) value;
  divisor = info->num;
  millionths = magnitude * pow10_u128 (6 + info->k);
  remainder = millionths % divisor;
  millionths /= divisor;
  if (remainder >= divisor - remainder)
    millionths++;

  integer_part = (guint64) (millionths / 1000000);
  fraction = (guint) (millionths % 1000000);

  if (fraction == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT,
                            value < 0 ? "-" : "", integer_part);

  g_snprintf (fraction_text, sizeof fraction_text, "%06u", fraction);
  len = 6;
  while (len > 0 && fraction_text[len - 1] == '0')
    len--;
  fraction_text[len] = '\0';

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%s",
                          value < 0 ? "-" : "", integer_part, fraction_text);
}

static gboolean
is_date_only (const char *text)
{
  /* YYYY-MM-DD */
  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  return text[10] == '\0';
}

gboolean
ml_units_parse_timestamp (const char  *text,
                          gint64      *out_unix_seconds,
                          GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) date_time = NULL;
  gint64 unix_seconds;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_unix_seconds != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  utc = g_time_zone_new_utc ();

  if (is_date_only (stripped))
    {
      int year = atoi (stripped);
      int month = atoi (stripped + 5);
      int day = atoi (stripped + 8);

      date_time = g_date_time_new (utc, year, month, day, 0, 0, 0);
    }
  else if (*stripped != '\0')
    {
      /* Without an offset, printers mean UTC. */
      date_time = g_date_time_new_from_iso8601 (stripped, utc);
    }

  if (date_time == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("\"%s\" is not a date and time (expected ISO 8601, "
                     "such as 2026-05-23T16:30:56Z)"), text);
      return FALSE;
    }

  /* Printers write 1970-01-01T00:00:00Z, or an even earlier default of their
   * firmware, for a time they never set; no printer did anything before 1970. */
  unix_seconds = g_date_time_to_unix (date_time);
  *out_unix_seconds = MAX (unix_seconds, 0);
  return TRUE;
}

char *
ml_units_format_timestamp (gint64 unix_seconds)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (unix_seconds <= 0)
    return NULL;

  if (!(date_time = g_date_time_new_from_unix_utc (unix_seconds)))
    return NULL;

  return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
ml_units_parse_duration (const char  *iso8601,
                         gint64      *out_ms,
                         GError     **error)
{
  /* Designators in the order ISO 8601 allows them; years and months have no fixed
   * length, so they can only be zero. */
  static const struct {
    char designator;
    gboolean in_time;
    guint64 ms;
  } parts[] = {
    { 'Y', FALSE, 0 },
    { 'M', FALSE, 0 },
    { 'W', FALSE, G_GUINT64_CONSTANT (604800000) },
    { 'D', FALSE, 86400000 },
    { 'H', TRUE, 3600000 },
    { 'M', TRUE, 60000 },
    { 'S', TRUE, 1000 },
  };
  g_autofree char *text = NULL;
  const char *p;
  guint next_part = 0;
  gboolean in_time = FALSE;
  gboolean any_part = FALSE;
  gint64 total = 0;

  g_return_val_if_fail (iso8601 != NULL, FALSE);
  g_return_val_if_fail (out_ms != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = g_strstrip (g_strdup (iso8601));
  p = text;

  if (*p != 'P' && *p != 'p')
    goto not_a_duration;
  p++;

  while (*p != '\0')
    {
      g_autofree char *number = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *start;
      MlDecimal value;
      gint64 ms;
      char designator;
      guint i;

      if ((*p == 'T' || *p == 't') && !in_time)
        {
          in_time = TRUE;
          p++;
          if (*p == '\0')
            goto not_a_duration;
          continue;
        }

      start = p;
      while (g_ascii_isdigit (*p) || *p == '.' || *p == ',')
        p++;
      if (p == start || *p == '\0')
        goto not_a_duration;

      /* ISO 8601 allows a comma as the decimal sign. */
      number = g_strndup (start, p - start);
      g_strdelimit (number, ",", '.');
      if (!decimal_parse (number, &value, &local_error))
        goto not_a_duration;

      designator = g_ascii_toupper (*p++);
      for (i = next_part; i < G_N_ELEMENTS (parts); i++)
        if (parts[i].designator == designator && parts[i].in_time == in_time)
          break;
      if (i == G_N_ELEMENTS (parts))
        goto not_a_duration;
      next_part = i + 1;
      any_part = TRUE;

      if (parts[i].ms == 0)
        {
          if (value.digits != 0)
            {
              g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                           _("\"%s\" counts years or months, which have no fixed length"),
                           iso8601);
              return FALSE;
            }
          continue;
        }

      if (!decimal_scale (&value, parts[i].ms, 0, &ms) || ms > G_MAXINT64 - total)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("\"%s\" is too long a duration"), iso8601);
          return FALSE;
        }
      total += ms;
    }

  if (!any_part)
    goto not_a_duration;

  *out_ms = total;
  return TRUE;

not_a_duration:
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
               _("\"%s\" is not a duration (expected ISO 8601, such as PT1H2M3.5S)"),
               iso8601);
  return FALSE;
}
