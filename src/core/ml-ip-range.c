/* ml-ip-range.c: the address ranges a collector scans, parsed from what a technician types
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Addresses are 128-bit integers in two separate families, so that 192.0.2.1 and
 * ::ffff:192.0.2.1 stay different addresses. The set is one sorted array of disjoint,
 * non-adjacent spans, the IPv4 ones first: membership and the n-th address are binary
 * searches, and no list of single addresses is ever built. The app validates every
 * row as it is typed with the same item parser, so the messages here are what a
 * technician reads; each names the text it is about.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-error.h"
#include "ml-ip-range.h"

typedef unsigned __int128 MlU128;

/* The order of the families is the order of the set. */
typedef enum {
  FAMILY_IPV4,
  FAMILY_IPV6,
} Family;

typedef struct
{
  Family family;
  MlU128 first;
  MlU128 last;
} Interval;

typedef struct
{
  MlU128 first;
  MlU128 last;
  guint64 index;  /* how many addresses of the set come before first */
} Span;

struct _MlIpRange
{
  Span *spans;
  guint n_spans;
  guint n_ipv4_spans;  /* spans[0, n_ipv4_spans) are IPv4, the rest IPv6 */
  guint64 count;
};

G_DEFINE_BOXED_TYPE (MlIpRange, ml_ip_range, ml_ip_range_ref, ml_ip_range_unref)

static guint
family_bits (Family family)
{
  return family == FAMILY_IPV4 ? 32 : 128;
}

/* The number of addresses from first to first + @difference, for a message. That
 * can be 2^128, one more than an MlU128 holds, hence the decimal carry. */
static char *
format_count_after (MlU128 difference)
{
  /* TRANSLATORS: the separator of thousands in counts of addresses, as in "65,536" */
  const char *separator = C_("thousands separator", ",");
  char digits[41];
  GString *text;
  int carry = 1;
  int n = 0;

  do
    {
      digits[n++] = (char) (difference % 10);
      difference /= 10;
    }
  while (difference != 0);

  for (int i = 0; i < n && carry; i++)
    {
      carry = digits[i] == 9;
      digits[i] = carry ? 0 : digits[i] + 1;
    }
  if (carry)
    digits[n++] = 1;

  text = g_string_sized_new (2 * n);
  for (int i = n - 1; i >= 0; i--)
    {
      g_string_append_c (text, (char) ('0' + digits[i]));
      if (i > 0 && i % 3 == 0)
        g_string_append (text, separator);
    }
  return g_string_free (text, FALSE);
}

static GInetAddress *
address_new (Family family,
             MlU128 value)
{
  guint8 bytes[16];
  guint size = family_bits (family) / 8;

  for (guint i = size; i > 0; i--)
    {
      bytes[i - 1] = (guint8) (value & 0xff);
      value >>= 8;
    }
  return g_inet_address_new_from_bytes (bytes,
                                        family == FAMILY_IPV4 ? G_SOCKET_FAMILY_IPV4
                                                              : G_SOCKET_FAMILY_IPV6);
}

static void
append_address (GString *out,
                Family   family,
                MlU128   value)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *text = NULL;

  if (family == FAMILY_IPV4)
    {
      guint32 v4 = (guint32) value;

      g_string_append_printf (out, "%u.%u.%u.%u",
                              v4 >> 24, (v4 >> 16) & 0xff, (v4 >> 8) & 0xff, v4 & 0xff);
      return;
    }

  address = address_new (family, value);
  text = g_inet_address_to_string (address);
  g_string_append (out, text);
}

static gboolean
is_separator (char c)
{
  return c == ',' || g_ascii_isspace (c);
}

static gboolean
is_digits (const char *text)
{
  return *text != '\0' && text[strspn (text, "0123456789")] == '\0';
}

/* An octet is one to three decimal digits up to 255; leading zeros are read as
 * decimal, as a person means them. */
static gboolean
parse_octet (const char  *item,
             const char  *text,
             gsize        len,
             guint       *out,
             GError     **error)
{
  guint value = 0;

  for (gsize i = 0; i < len && i < 3; i++)
    value = value * 10 + (guint) (text[i] - '0');

  if (len > 3 || value > 255)
    {
      g_autofree char *octet = g_strndup (text, len);

      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: "192.0.2.300: 300 is not an octet (0-255)" */
                   _("%s: %s is not an octet (0-255)"), item, octet);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* @text holds only digits and dots. */
static gboolean
parse_ipv4 (const char  *item,
            const char  *text,
            MlU128      *out,
            GError     **error)
{
  const char *p = text;
  gboolean empty_part = (*text == '\0' || *text == '.');
  guint n_dots = 0;
  guint32 value = 0;

  /* The shape comes first: in 192.0.300 the missing number is the mistake. */
  for (const char *q = text; *q != '\0'; q++)
    if (*q == '.')
      {
        n_dots++;
        empty_part |= (q[1] == '.' || q[1] == '\0');
      }
  if (n_dots != 3 || empty_part)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s: an IPv4 address is four numbers separated by dots"), item);
      return FALSE;
    }

  for (guint i = 0; i < 4; i++)
    {
      gsize len = strcspn (p, ".");
      guint octet;

      if (!parse_octet (item, p, len, &octet, error))
        return FALSE;
      value = (value << 8) | octet;
      p += len + 1;
    }

  *out = value;
  return TRUE;
}

static gboolean
parse_ipv6 (const char *text,
            MlU128     *out)
{
  g_autoptr(GInetAddress) address = NULL;
  const guint8 *bytes;
  MlU128 value = 0;

  /* Hexadecimal digits, colons and dots only: a zone index (fe80::1%eth0) names an
   * interface of this machine, not a printer. */
  if (text[strspn (text, "0123456789abcdefABCDEF:.")] != '\0')
    return FALSE;

  address = g_inet_address_new_from_string (text);
  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return FALSE;

  bytes = g_inet_address_to_bytes (address);
  for (guint i = 0; i < 16; i++)
    value = (value << 8) | bytes[i];
  *out = value;
  return TRUE;
}

/* @part is the item without its '!' (@body) or one end of a range in it; messages
 * name @part only when it is not the whole body. */
static gboolean
parse_address (const char  *item,
               const char  *body,
               const char  *part,
               Family      *out_family,
               MlU128      *out_value,
               GError     **error)
{
  gboolean whole = strcmp (part, body) == 0;

  if (strchr (part, ':') != NULL)
    {
      if (parse_ipv6 (part, out_value))
        {
          *out_family = FAMILY_IPV6;
          return TRUE;
        }
      if (whole)
        g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                     _("%s: not a valid IPv6 address"), item);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                     /* TRANSLATORS: "2001:db8::1-2001:db8:::9: 2001:db8:::9 is not a valid
                      * IPv6 address" */
                     _("%s: %s is not a valid IPv6 address"), item, part);
      return FALSE;
    }

  if (part[strspn (part, "0123456789.")] == '\0')
    {
      *out_family = FAMILY_IPV4;
      return parse_ipv4 (item, part, out_value, error);
    }

  if (whole)
    g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                 _("%s: not an IP address (names are not resolved)"), item);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                 /* TRANSLATORS: "192.0.2.10-printer: printer is not an IP address (names
                  * are not resolved)" */
                 _("%s: %s is not an IP address (names are not resolved)"), item, part);
  return FALSE;
}

/* @difference is last - first, as the count itself may not fit. */
static gboolean
check_size (const char  *item,
            MlU128       difference,
            GError     **error)
{
  g_autofree char *count = NULL;
  g_autofree char *max = NULL;

  if (difference < ML_IP_RANGE_MAX_ADDRESSES)
    return TRUE;

  count = format_count_after (difference);
  max = format_count_after (ML_IP_RANGE_MAX_ADDRESSES - 1);
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
               /* TRANSLATORS: "10.0.0.0/8: 16,777,216 addresses; at most 65,536 can be scanned" */
               _("%s: %s addresses; at most %s can be scanned"), item, count, max);
  return FALSE;
}

static gboolean
parse_network (const char  *item,
               const char  *body,
               const char  *slash,
               Interval    *out,
               GError     **error)
{
  g_autofree char *address_text = g_strndup (body, slash - body);
  const char *prefix_text = slash + 1;
  Family family;
  MlU128 value;
  MlU128 size;
  guint bits;
  guint prefix;

  if (!parse_address (item, body, address_text, &family, &value, error))
    return FALSE;

  bits = family_bits (family);
  prefix = is_digits (prefix_text) && strlen (prefix_text) <= 3
           ? (guint) g_ascii_strtoull (prefix_text, NULL, 10) : G_MAXUINT;
  if (prefix > bits)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: "192.0.2.0/33: a prefix length is 0 to 32" */
                   _("%s: a prefix length is 0 to %u"), item, bits);
      return FALSE;
    }
  if (family == FAMILY_IPV6 && prefix < 112)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s: IPv6 prefixes must be /112 or longer"), item);
      return FALSE;
    }

  size = (MlU128) 1 << (bits - prefix);
  if (!check_size (item, size - 1, error))
    return FALSE;

  if ((value & (size - 1)) != 0)
    {
      g_autoptr(GString) network = g_string_new (NULL);

      append_address (network, family, value & ~(size - 1));
      g_string_append_printf (network, "/%u", prefix);
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: "192.0.2.7/24: not the start of a network; did you mean
                    * 192.0.2.0/24?" */
                   _("%s: not the start of a network; did you mean %s?"), item, network->str);
      return FALSE;
    }

  out->family = family;
  out->first = value;
  out->last = value + (size - 1);
  return TRUE;
}

static gboolean
parse_span (const char  *item,
            const char  *body,
            const char  *dash,
            Interval    *out,
            GError     **error)
{
  g_autofree char *first_text = g_strndup (body, dash - body);
  const char *last_text = dash + 1;
  Family family;
  MlU128 first;
  MlU128 last;

  if (*first_text == '\0' || *last_text == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s: a range needs a first and a last address"), item);
      return FALSE;
    }

  if (!parse_address (item, body, first_text, &family, &first, error))
    return FALSE;

  /* 2001:db8::10-ff looks like a short form, but a group is 16 bits and a reader
   * could not tell which part the end replaces. */
  if (family == FAMILY_IPV6 && last_text[strspn (last_text, "0123456789abcdefABCDEF")] == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s: only IPv4 ranges have a short form (a.b.c.d-e)"), item);
      return FALSE;
    }

  if (is_digits (last_text))
    {
      guint octet;

      /* The short form replaces the last octet: 192.0.2.10-50. */
      if (!parse_octet (item, last_text, strlen (last_text), &octet, error))
        return FALSE;
      last = (first & ~(MlU128) 0xff) | octet;
    }
  else
    {
      Family last_family;

      if (!parse_address (item, body, last_text, &last_family, &last, error))
        return FALSE;
      if (last_family != family)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("%s: a range cannot mix IPv4 and IPv6"), item);
          return FALSE;
        }
    }

  if (last < first)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s: the range ends before it starts"), item);
      return FALSE;
    }
  if (!check_size (item, last - first, error))
    return FALSE;

  out->family = family;
  out->first = first;
  out->last = last;
  return TRUE;
}

/* One item of a list: no separators in it. */
static gboolean
parse_item (const char  *item,
            Interval    *out,
            gboolean    *out_exclude,
            GError     **error)
{
  const char *body = item;
  const char *mark;

  *out_exclude = (*body == '!');
  if (*out_exclude)
    {
      body++;
      if (*body == '\0')
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       /* TRANSLATORS: "!: an exclusion needs an address"; "!" marks an exclusion */
                       _("%s: an exclusion needs an address"), item);
          return FALSE;
        }
    }

  if ((mark = strchr (body, '/')) != NULL)
    return parse_network (item, body, mark, out, error);
  if ((mark = strchr (body, '-')) != NULL)
    return parse_span (item, body, mark, out, error);

  if (!parse_address (item, body, body, &out->family, &out->first, error))
    return FALSE;
  out->last = out->first;
  return TRUE;
}

static int
interval_compare (gconstpointer a,
                  gconstpointer b)
{
  const Interval *x = a;
  const Interval *y = b;

  if (x->family != y->family)
    return x->family < y->family ? -1 : 1;
  if (x->first != y->first)
    return x->first < y->first ? -1 : 1;
  return 0;
}

/* Sorts and merges overlapping and adjacent intervals, so that every set has one
 * form and one canonical text. */
static void
merge_intervals (GArray *intervals)
{
  guint n = 0;

  g_array_sort (intervals, interval_compare);

  for (guint i = 0; i < intervals->len; i++)
    {
      const Interval *current = &g_array_index (intervals, Interval, i);
      Interval *previous = n > 0 ? &g_array_index (intervals, Interval, n - 1) : NULL;

      if (previous != NULL && previous->family == current->family
          && (current->first <= previous->last || current->first - 1 == previous->last))
        previous->last = MAX (previous->last, current->last);
      else
        g_array_index (intervals, Interval, n++) = *current;
    }
  g_array_set_size (intervals, n);
}

static void
append_interval (GArray *spans,
                 Family  family,
                 MlU128  first,
                 MlU128  last,
                 MlU128 *total)
{
  Interval interval = { family, first, last };

  g_array_append_val (spans, interval);
  *total += last - first + 1;
}

static void
ip_range_clear (gpointer data)
{
  MlIpRange *self = data;

  g_free (self->spans);
}

/* Both arrays are merged. */
static MlIpRange *
ip_range_new (GArray  *included,
              GArray  *excluded,
              GError **error)
{
  g_autoptr(GArray) remaining = g_array_new (FALSE, FALSE, sizeof (Interval));
  MlIpRange *self;
  MlU128 total = 0;
  guint64 index = 0;
  guint j = 0;

  for (guint i = 0; i < included->len; i++)
    {
      const Interval *in = &g_array_index (included, Interval, i);
      MlU128 first = in->first;
      gboolean covered = FALSE;

      /* An exclusion that ends before this interval ends before every later one. */
      while (j < excluded->len)
        {
          const Interval *ex = &g_array_index (excluded, Interval, j);

          if (ex->family > in->family || (ex->family == in->family && ex->last >= in->first))
            break;
          j++;
        }

      for (guint k = j; k < excluded->len && !covered; k++)
        {
          const Interval *ex = &g_array_index (excluded, Interval, k);

          if (ex->family != in->family || ex->first > in->last)
            break;
          if (ex->first > first)
            append_interval (remaining, in->family, first, ex->first - 1, &total);
          if (ex->last >= in->last)
            covered = TRUE;
          else
            first = ex->last + 1;
        }

      if (!covered)
        append_interval (remaining, in->family, first, in->last, &total);
    }

  if (total > ML_IP_RANGE_MAX_ADDRESSES)
    {
      g_autofree char *count = format_count_after (total - 1);
      g_autofree char *max = format_count_after (ML_IP_RANGE_MAX_ADDRESSES - 1);

      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: "65,537 addresses in all; at most 65,536 can be scanned" */
                   _("%s addresses in all; at most %s can be scanned"), count, max);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (MlIpRange);
  self->n_spans = remaining->len;
  self->spans = g_new (Span, MAX (remaining->len, 1));
  for (guint i = 0; i < remaining->len; i++)
    {
      const Interval *interval = &g_array_index (remaining, Interval, i);

      if (interval->family == FAMILY_IPV4)
        self->n_ipv4_spans++;
      self->spans[i].first = interval->first;
      self->spans[i].last = interval->last;
      self->spans[i].index = index;
      index += (guint64) (interval->last - interval->first + 1);
    }
  self->count = index;

  return self;
}

MlIpRange *
ml_ip_range_ref (MlIpRange *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ml_ip_range_unref (MlIpRange *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, ip_range_clear);
}

/**
 * ml_ip_range_parse:
 * @text: a list of items separated by commas, spaces, tabs or new lines
 *
 * Returns: (transfer full): the set, possibly empty, or %NULL with @error set to
 *   the first item that is wrong, or to the total when it is over
 *   %ML_IP_RANGE_MAX_ADDRESSES
 */
MlIpRange *
ml_ip_range_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GArray) included = NULL;
  g_autoptr(GArray) excluded = NULL;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  included = g_array_new (FALSE, FALSE, sizeof (Interval));
  excluded = g_array_new (FALSE, FALSE, sizeof (Interval));

  while (*p != '\0')
    {
      g_autofree char *item = NULL;
      const char *start;
      Interval interval;
      gboolean exclude;

      if (is_separator (*p))
        {
          p++;
          continue;
        }

      start = p;
      while (*p != '\0' && !is_separator (*p))
        p++;
      item = g_strndup (start, p - start);

      if (!parse_item (item, &interval, &exclude, error))
        return NULL;
      g_array_append_val (exclude ? excluded : included, interval);
    }

  merge_intervals (included);
  merge_intervals (excluded);
  return ip_range_new (included, excluded, error);
}

/**
 * ml_ip_range_validate_item:
 * @item: one row as typed, possibly starting with '!'
 * @out_count: (out) (optional): how many addresses the row includes or excludes
 *
 * Checks a row with the rules and messages of ml_ip_range_parse(), which reports
 * the same error for the same item. The limit on the whole list is not checked here.
 */
gboolean
ml_ip_range_validate_item (const char  *item,
                           guint64     *out_count,
                           GError     **error)
{
  g_autofree char *stripped = NULL;
  Interval interval;
  gboolean exclude;
  gsize len;

  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = g_strstrip (g_strdup (item));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("no address given"));
      return FALSE;
    }

  /* The first item's own error first, as ml_ip_range_parse() would report it. */
  len = strcspn (stripped, ", \t\n\r\f\v");
  if (stripped[len] != '\0')
    {
      g_autofree char *first = g_strndup (stripped, len);

      if (!parse_item (first, &interval, &exclude, error))
        return FALSE;
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s: one address, network or range per row"), stripped);
      return FALSE;
    }

  if (!parse_item (stripped, &interval, &exclude, error))
    return FALSE;

  if (out_count != NULL)
    *out_count = (guint64) (interval.last - interval.first + 1);
  return TRUE;
}

guint64
ml_ip_range_get_count (MlIpRange *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->count;
}

gboolean
ml_ip_range_contains (MlIpRange    *self,
                      GInetAddress *address)
{
  const guint8 *bytes;
  gsize size;
  MlU128 value = 0;
  guint begin;
  guint lo;
  guint hi;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);

  bytes = g_inet_address_to_bytes (address);
  size = g_inet_address_get_native_size (address);
  for (gsize i = 0; i < size; i++)
    value = (value << 8) | bytes[i];

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    {
      begin = 0;
      hi = self->n_ipv4_spans;
    }
  else
    {
      begin = self->n_ipv4_spans;
      hi = self->n_spans;
    }

  /* lo ends just past the last span that starts at or before value. */
  lo = begin;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->spans[mid].first <= value)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo > begin && value <= self->spans[lo - 1].last;
}

/**
 * ml_ip_range_get_nth:
 * @n: from 0 to ml_ip_range_get_count() - 1
 *
 * Returns: (transfer full) (nullable): the @n-th address in ascending order, IPv4
 *   before IPv6, or %NULL past the end
 */
GInetAddress *
ml_ip_range_get_nth (MlIpRange *self,
                     guint64    n)
{
  const Span *span;
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (self != NULL, NULL);

  if (n >= self->count)
    return NULL;

  hi = self->n_spans;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->spans[mid].index <= n)
        lo = mid + 1;
      else
        hi = mid;
    }

  g_assert (lo > 0);
  span = &self->spans[lo - 1];
  return address_new (lo - 1 < self->n_ipv4_spans ? FAMILY_IPV4 : FAMILY_IPV6,
                      span->first + (n - span->index));
}

/**
 * ml_ip_range_to_string:
 *
 * Returns: (transfer full): the merged set as ranges and single addresses separated
 *   by ", ", which ml_ip_range_parse() reads back to the same set; "" when empty
 */
char *
ml_ip_range_to_string (MlIpRange *self)
{
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->n_spans; i++)
    {
      Family family = i < self->n_ipv4_spans ? FAMILY_IPV4 : FAMILY_IPV6;

      if (i > 0)
        g_string_append (text, ", ");
      append_address (text, family, self->spans[i].first);
      if (self->spans[i].last != self->spans[i].first)
        {
          g_string_append_c (text, '-');
          append_address (text, family, self->spans[i].last);
        }
    }
  return g_string_free (text, FALSE);
}
