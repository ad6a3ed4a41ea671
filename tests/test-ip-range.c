/* test-ip-range.c: the address ranges a collector scans, and the messages about wrong ones
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "meterlink-core.h"

static MlIpRange *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  MlIpRange *range = ml_ip_range_parse (text, &error);

  if (range == NULL)
    g_error ("parsing \"%s\": %s", text, error->message);
  return range;
}

static guint64
count_of (const char *text)
{
  g_autoptr(MlIpRange) range = parse_ok (text);

  return ml_ip_range_get_count (range);
}

static gboolean
contains (MlIpRange  *range,
          const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  g_assert_nonnull (inet);
  return ml_ip_range_contains (range, inet);
}

/* The first and last addresses are in, the neighbours outside are not. */
static void
assert_bounds (MlIpRange  *range,
               const char *before,
               const char *first,
               const char *last,
               const char *after)
{
  if (before != NULL)
    g_assert_false (contains (range, before));
  g_assert_true (contains (range, first));
  g_assert_true (contains (range, last));
  if (after != NULL)
    g_assert_false (contains (range, after));
}

static void
assert_list_error (const char *text,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlIpRange) range = ml_ip_range_parse (text, &error);

  g_assert_null (range);
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==, expected);
}

/* The app checks each row with validate_item() and the list with parse(): a wrong
 * item reads the same in both. */
static void
assert_item_error (const char *item,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  guint64 count = 12345;

  assert_list_error (item, expected);

  g_assert_false (ml_ip_range_validate_item (item, &count, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (count, ==, 12345);
}

static guint64
item_count (const char *item)
{
  g_autoptr(GError) error = NULL;
  guint64 count = 12345;

  if (!ml_ip_range_validate_item (item, &count, &error))
    g_error ("validating \"%s\": %s", item, error->message);
  return count;
}

static void
assert_nth (MlIpRange  *range,
            guint64     n,
            const char *expected)
{
  g_autoptr(GInetAddress) address = ml_ip_range_get_nth (range, n);
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      g_assert_null (address);
      return;
    }
  g_assert_nonnull (address);
  text = g_inet_address_to_string (address);
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_canonical (const char *text,
                  const char *expected)
{
  g_autoptr(MlIpRange) range = parse_ok (text);
  g_autoptr(MlIpRange) again = NULL;
  g_autofree char *canonical = ml_ip_range_to_string (range);
  g_autofree char *canonical_again = NULL;

  g_assert_cmpstr (canonical, ==, expected);

  again = parse_ok (canonical);
  canonical_again = ml_ip_range_to_string (again);
  g_assert_cmpstr (canonical_again, ==, canonical);
  g_assert_cmpuint (ml_ip_range_get_count (again), ==, ml_ip_range_get_count (range));
  for (guint64 n = 0; n < ml_ip_range_get_count (range); n++)
    {
      g_autoptr(GInetAddress) a = ml_ip_range_get_nth (range, n);
      g_autoptr(GInetAddress) b = ml_ip_range_get_nth (again, n);

      g_assert_true (g_inet_address_equal (a, b));
    }
}

static void
test_single (void)
{
  g_autoptr(MlIpRange) v4 = parse_ok ("192.0.2.7");
  g_autoptr(MlIpRange) v6 = parse_ok ("2001:db8::7");
  g_autoptr(MlIpRange) padded = parse_ok ("192.000.002.007");

  g_assert_cmpuint (ml_ip_range_get_count (v4), ==, 1);
  assert_bounds (v4, "192.0.2.6", "192.0.2.7", "192.0.2.7", "192.0.2.8");
  g_assert_false (contains (v4, "192.0.3.7"));

  g_assert_cmpuint (ml_ip_range_get_count (v6), ==, 1);
  assert_bounds (v6, "2001:db8::6", "2001:db8::7", "2001:db8::7", "2001:db8::8");

  /* Leading zeros are decimal, as a person means them, not octal. */
  g_assert_cmpuint (ml_ip_range_get_count (padded), ==, 1);
  g_assert_true (contains (padded, "192.0.2.7"));

  g_assert_cmpuint (count_of ("0.0.0.0"), ==, 1);
  g_assert_cmpuint (count_of ("255.255.255.255"), ==, 1);
}

static void
test_families_apart (void)
{
  g_autoptr(MlIpRange) v4 = parse_ok ("192.0.2.1");
  g_autoptr(MlIpRange) mapped = parse_ok ("::ffff:192.0.2.1");

  g_assert_true (contains (v4, "192.0.2.1"));
  g_assert_false (contains (v4, "::ffff:192.0.2.1"));
  g_assert_false (contains (v4, "::c000:201"));
  g_assert_true (contains (mapped, "::ffff:192.0.2.1"));
  g_assert_false (contains (mapped, "192.0.2.1"));

  g_assert_cmpuint (count_of ("192.0.2.1, ::ffff:192.0.2.1"), ==, 2);
}

static void
test_cidr (void)
{
  g_autoptr(MlIpRange) range = parse_ok ("192.0.2.0/24");
  g_autoptr(MlIpRange) sixteen = parse_ok ("10.20.0.0/16");

  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 256);
  assert_bounds (range, "192.0.1.255", "192.0.2.0", "192.0.2.255", "192.0.3.0");

  g_assert_cmpuint (ml_ip_range_get_count (sixteen), ==, 65536);
  assert_bounds (sixteen, "10.19.255.255", "10.20.0.0", "10.20.255.255", "10.21.0.0");

  g_assert_cmpuint (count_of ("192.0.2.7/32"), ==, 1);
  g_assert_cmpuint (count_of ("192.0.2.6/31"), ==, 2);
  g_assert_cmpuint (count_of ("192.0.2.64/28"), ==, 16);
  g_assert_cmpuint (count_of ("192.0.2.0/024"), ==, 256);
}

static void
test_range (void)
{
  g_autoptr(MlIpRange) range = parse_ok ("192.0.2.10-192.0.2.50");
  g_autoptr(MlIpRange) across = parse_ok ("192.0.2.250-192.0.3.5");

  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 41);
  assert_bounds (range, "192.0.2.9", "192.0.2.10", "192.0.2.50", "192.0.2.51");

  g_assert_cmpuint (ml_ip_range_get_count (across), ==, 12);
  assert_bounds (across, "192.0.2.249", "192.0.2.250", "192.0.3.5", "192.0.3.6");
  g_assert_true (contains (across, "192.0.2.255"));
  g_assert_true (contains (across, "192.0.3.0"));

  g_assert_cmpuint (count_of ("192.0.2.7-192.0.2.7"), ==, 1);
  g_assert_cmpuint (count_of ("10.0.0.0-10.0.255.255"), ==, 65536);
}

static void
test_short_form (void)
{
  g_autoptr(MlIpRange) range = parse_ok ("192.0.2.10-50");

  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 41);
  assert_bounds (range, "192.0.2.9", "192.0.2.10", "192.0.2.50", "192.0.2.51");

  g_assert_cmpuint (count_of ("192.0.2.7-7"), ==, 1);
  g_assert_cmpuint (count_of ("192.0.2.0-255"), ==, 256);
  g_assert_cmpuint (count_of ("!192.0.2.70-80, 192.0.2.0/24"), ==, 245);
}

static void
test_overlap (void)
{
  g_autoptr(MlIpRange) range = parse_ok ("192.0.2.0/24, 192.0.2.10-20");
  g_autofree char *text = NULL;

  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 256);
  assert_bounds (range, "192.0.1.255", "192.0.2.0", "192.0.2.255", "192.0.3.0");

  g_assert_cmpuint (count_of ("192.0.2.7, 192.0.2.7, 192.0.2.7"), ==, 1);
  g_assert_cmpuint (count_of ("192.0.2.10-30, 192.0.2.20-40"), ==, 31);
  g_assert_cmpuint (count_of ("192.0.2.20-40, 192.0.2.10-30"), ==, 31);
  g_assert_cmpuint (count_of ("2001:db8::/120, 2001:db8::10-2001:db8::1ff"), ==, 512);

  /* Adjacent pieces become one range. */
  assert_canonical ("192.0.2.1-5, 192.0.2.6, 192.0.2.7-192.0.2.9", "192.0.2.1-192.0.2.9");
}

static void
test_exclusions (void)
{
  g_autoptr(MlIpRange) range = parse_ok ("192.0.2.0/24, !192.0.2.13, !192.0.2.64/28, "
                                         "!192.0.2.70-80");
  g_autoptr(MlIpRange) split = parse_ok ("192.0.2.10-20, !192.0.2.13-15");

  /* 192.0.2.64/28 and 192.0.2.70-80 overlap into 192.0.2.64-80 */
  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 256 - 1 - 17);
  assert_bounds (range, NULL, "192.0.2.12", "192.0.2.14", "192.0.2.13");
  assert_bounds (range, "192.0.2.64", "192.0.2.63", "192.0.2.81", "192.0.2.80");
  g_assert_false (contains (range, "192.0.2.72"));

  g_assert_cmpuint (ml_ip_range_get_count (split), ==, 8);
  assert_bounds (split, "192.0.2.9", "192.0.2.10", "192.0.2.12", "192.0.2.13");
  assert_bounds (split, "192.0.2.15", "192.0.2.16", "192.0.2.20", "192.0.2.21");

  /* Exclusions apply after every inclusion, wherever they stand. */
  g_assert_cmpuint (count_of ("!192.0.2.13, 192.0.2.0/24"), ==, 255);
  g_assert_cmpuint (count_of ("192.0.2.0/24, !192.0.2.13"), ==, 255);
  g_assert_cmpuint (count_of ("192.0.2.0/25, !192.0.2.100-150, 192.0.2.128/25"), ==, 205);
  /* overlapping and outside exclusions */
  g_assert_cmpuint (count_of ("192.0.2.0/24, !192.0.2.0-9, !192.0.2.5-14, !198.51.100.1"), ==, 241);
  g_assert_cmpuint (count_of ("192.0.2.0/24, !192.0.2.0/24"), ==, 0);
  g_assert_cmpuint (count_of ("192.0.2.10-20, !192.0.2.0/24, 192.0.2.40"), ==, 0);
  g_assert_cmpuint (count_of ("!192.0.2.13"), ==, 0);
  /* an IPv4 exclusion leaves IPv6 alone */
  g_assert_cmpuint (count_of ("::ffff:192.0.2.13, !192.0.2.13"), ==, 1);
  g_assert_cmpuint (count_of ("2001:db8::/120, !2001:db8::80/121, !2001:db8::7"), ==, 127);
}

static void
test_separators (void)
{
  g_assert_cmpuint (count_of ("192.0.2.1,192.0.2.2 192.0.2.3\t192.0.2.4\n192.0.2.5,, \n\t "
                              "192.0.2.6\r\n"), ==, 6);
  g_assert_cmpuint (count_of (" ,\n192.0.2.1 ,"), ==, 1);
  g_assert_cmpuint (count_of ("192.0.2.0/24\n!192.0.2.13\n192.0.2.10-20"), ==, 255);
  g_assert_cmpuint (count_of (""), ==, 0);
  g_assert_cmpuint (count_of (" \t\n,, "), ==, 0);
}

static void
test_cap (void)
{
  g_autoptr(MlIpRange) full = parse_ok ("10.0.0.0/16");

  g_assert_cmpuint (ML_IP_RANGE_MAX_ADDRESSES, ==, 65536);
  g_assert_cmpuint (ml_ip_range_get_count (full), ==, 65536);

  assert_list_error ("10.0.0.0/16, 10.1.0.0",
                     "65,537 addresses in all; at most 65,536 can be scanned");
  assert_list_error ("10.0.0.0/16, 2001:db8::1",
                     "65,537 addresses in all; at most 65,536 can be scanned");
  assert_list_error ("10.0.0.0/16, 10.1.0.0/16",
                     "131,072 addresses in all; at most 65,536 can be scanned");
  /* the limit counts what is left after exclusions */
  g_assert_cmpuint (count_of ("10.0.0.0/16, 10.1.0.0, !10.0.0.5"), ==, 65536);
  g_assert_cmpuint (count_of ("!10.0.0.5, 10.0.0.0/16, 10.1.0.0"), ==, 65536);
  g_assert_cmpuint (count_of ("2001:db8::/112"), ==, 65536);
  g_assert_cmpuint (count_of ("10.0.0.0-10.0.255.255"), ==, 65536);
}

static void
test_ipv6 (void)
{
  g_autoptr(MlIpRange) network = parse_ok ("2001:db8::/120");
  g_autoptr(MlIpRange) range = parse_ok ("2001:db8::1-2001:db8::ff");
  g_autoptr(MlIpRange) widest = parse_ok ("2001:db8::/112");

  g_assert_cmpuint (ml_ip_range_get_count (network), ==, 256);
  assert_bounds (network, "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::",
                 "2001:db8::ff", "2001:db8::100");

  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 255);
  assert_bounds (range, "2001:db8::", "2001:db8::1", "2001:db8::ff", "2001:db8::100");

  g_assert_cmpuint (ml_ip_range_get_count (widest), ==, 65536);
  assert_bounds (widest, NULL, "2001:db8::", "2001:db8::ffff", "2001:db8::1:0");

  g_assert_cmpuint (count_of ("2001:DB8::A"), ==, 1);
  g_assert_cmpuint (count_of ("2001:db8::7/128"), ==, 1);
  g_assert_cmpuint (count_of ("2001:db8::-2001:db8::ffff"), ==, 65536);
  g_assert_cmpuint (count_of ("::/112"), ==, 65536);
  g_assert_cmpuint (count_of ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:0/112"), ==, 65536);
  g_assert_cmpuint (count_of ("2001:db8::/120, !2001:db8::7"), ==, 255);
}

static void
test_nth (void)
{
  g_autoptr(MlIpRange) range = parse_ok ("2001:db8::10-2001:db8::11 192.0.2.20-22 10.0.0.1 "
                                         "!192.0.2.21 ::ffff:10.0.0.1");
  g_autoptr(MlIpRange) many = parse_ok ("192.0.2.0/24, !192.0.2.100-199, 10.0.0.0/30, "
                                        "2001:db8::/120, !2001:db8::7, 2001:db8:1::1");
  g_autoptr(MlIpRange) empty = parse_ok ("");
  g_autoptr(GInetAddress) previous = NULL;
  guint64 n_v4 = 0;

  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 6);
  assert_nth (range, 0, "10.0.0.1");
  assert_nth (range, 1, "192.0.2.20");
  assert_nth (range, 2, "192.0.2.22");
  assert_nth (range, 3, "::ffff:10.0.0.1");
  assert_nth (range, 4, "2001:db8::10");
  assert_nth (range, 5, "2001:db8::11");
  assert_nth (range, 6, NULL);
  assert_nth (range, G_MAXUINT64, NULL);
  assert_nth (empty, 0, NULL);

  /* Every address comes once, in ascending order, IPv4 first, and is in the set. */
  g_assert_cmpuint (ml_ip_range_get_count (many), ==, 156 + 4 + 255 + 1);
  for (guint64 n = 0; n < ml_ip_range_get_count (many); n++)
    {
      g_autoptr(GInetAddress) address = ml_ip_range_get_nth (many, n);

      g_assert_nonnull (address);
      g_assert_true (ml_ip_range_contains (many, address));
      if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
        {
          g_assert_cmpuint (n, ==, n_v4);
          n_v4++;
        }
      if (previous != NULL
          && g_inet_address_get_family (previous) == g_inet_address_get_family (address))
        {
          gsize size = g_inet_address_get_native_size (address);

          g_assert_cmpint (memcmp (g_inet_address_to_bytes (previous),
                                   g_inet_address_to_bytes (address), size), <, 0);
        }
      g_set_object (&previous, address);
    }
  g_assert_cmpuint (n_v4, ==, 160);
  assert_nth (many, 0, "10.0.0.0");
  assert_nth (many, 3, "10.0.0.3");
  assert_nth (many, 4, "192.0.2.0");
  assert_nth (many, 103, "192.0.2.99");
  assert_nth (many, 104, "192.0.2.200");
  assert_nth (many, 159, "192.0.2.255");
  assert_nth (many, 160, "2001:db8::");
  assert_nth (many, 167, "2001:db8::8");
  assert_nth (many, 414, "2001:db8::ff");
  assert_nth (many, 415, "2001:db8:1::1");
  assert_nth (many, 416, NULL);
}

static void
test_to_string (void)
{
  assert_canonical ("192.0.2.1-20, !192.0.2.13",
                    "192.0.2.1-192.0.2.12, 192.0.2.14-192.0.2.20");
  assert_canonical ("192.0.2.7", "192.0.2.7");
  assert_canonical ("192.0.2.0/24, 192.0.2.10-20", "192.0.2.0-192.0.2.255");
  assert_canonical ("2001:db8::/120, 192.0.2.9, !2001:db8::80-2001:db8::fe, 10.0.0.1-3",
                    "10.0.0.1-10.0.0.3, 192.0.2.9, 2001:db8::-2001:db8::7f, 2001:db8::ff");
  assert_canonical ("::ffff:192.0.2.1, 192.0.2.1", "192.0.2.1, ::ffff:192.0.2.1");
  assert_canonical ("", "");
  assert_canonical ("!192.0.2.1", "");
}

static void
test_validate_item (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (item_count ("192.0.2.7"), ==, 1);
  g_assert_cmpuint (item_count ("192.0.2.0/24"), ==, 256);
  g_assert_cmpuint (item_count ("192.0.2.10-50"), ==, 41);
  g_assert_cmpuint (item_count ("192.0.2.10-192.0.2.50"), ==, 41);
  g_assert_cmpuint (item_count ("!192.0.2.64/28"), ==, 16);
  g_assert_cmpuint (item_count ("  2001:db8::/112\n"), ==, 65536);
  g_assert_cmpuint (item_count ("2001:db8::1-2001:db8::ff"), ==, 255);
  g_assert_true (ml_ip_range_validate_item ("192.0.2.7", NULL, &error));
  g_assert_no_error (error);

  /* A row is one item; the list limit is parse()'s business. */
  g_assert_cmpuint (item_count ("10.0.0.0/16"), ==, 65536);
}

static void
test_boxed (void)
{
  g_autoptr(MlIpRange) range = parse_ok ("192.0.2.0/24");
  MlIpRange *copy;

  g_assert_true (G_TYPE_IS_BOXED (ML_TYPE_IP_RANGE));
  g_assert_cmpstr (g_type_name (ML_TYPE_IP_RANGE), ==, "MlIpRange");

  copy = g_boxed_copy (ML_TYPE_IP_RANGE, range);
  g_assert_true (copy == range);
  g_boxed_free (ML_TYPE_IP_RANGE, copy);

  copy = ml_ip_range_ref (range);
  ml_ip_range_unref (copy);
  g_assert_cmpuint (ml_ip_range_get_count (range), ==, 256);
}

static void
test_error_octet (void)
{
  assert_item_error ("192.0.2.300", "192.0.2.300: 300 is not an octet (0-255)");
  assert_item_error ("256.0.2.1", "256.0.2.1: 256 is not an octet (0-255)");
  assert_item_error ("192.0.2.0001", "192.0.2.0001: 0001 is not an octet (0-255)");
  assert_item_error ("192.0.2.10-300", "192.0.2.10-300: 300 is not an octet (0-255)");
  assert_item_error ("!192.0.2.10-192.0.999.1",
                     "!192.0.2.10-192.0.999.1: 999 is not an octet (0-255)");
  /* a wrong item anywhere in a list is the list's error */
  assert_list_error ("192.0.2.1, 192.0.2.300\n192.0.2.3",
                     "192.0.2.300: 300 is not an octet (0-255)");
}

static void
test_error_backwards (void)
{
  assert_item_error ("192.0.2.50-192.0.2.10",
                     "192.0.2.50-192.0.2.10: the range ends before it starts");
  assert_item_error ("192.0.2.50-10", "192.0.2.50-10: the range ends before it starts");
  assert_item_error ("2001:db8::2-2001:db8::1",
                     "2001:db8::2-2001:db8::1: the range ends before it starts");
}

static void
test_error_prefix_length (void)
{
  assert_item_error ("192.0.2.0/33", "192.0.2.0/33: a prefix length is 0 to 32");
  assert_item_error ("192.0.2.0/", "192.0.2.0/: a prefix length is 0 to 32");
  assert_item_error ("192.0.2.0/x", "192.0.2.0/x: a prefix length is 0 to 32");
  assert_item_error ("192.0.2.0/-1", "192.0.2.0/-1: a prefix length is 0 to 32");
  assert_item_error ("192.0.2.0/24/8", "192.0.2.0/24/8: a prefix length is 0 to 32");
  assert_item_error ("2001:db8::/129", "2001:db8::/129: a prefix length is 0 to 128");
}

static void
test_error_too_many (void)
{
  assert_item_error ("10.0.0.0/8",
                     "10.0.0.0/8: 16,777,216 addresses; at most 65,536 can be scanned");
  assert_item_error ("10.0.0.0/15",
                     "10.0.0.0/15: 131,072 addresses; at most 65,536 can be scanned");
  assert_item_error ("0.0.0.0/0",
                     "0.0.0.0/0: 4,294,967,296 addresses; at most 65,536 can be scanned");
  assert_item_error ("10.0.0.0-10.1.0.0",
                     "10.0.0.0-10.1.0.0: 65,537 addresses; at most 65,536 can be scanned");
  assert_item_error ("2001:db8::-2001:db8::1:0",
                     "2001:db8::-2001:db8::1:0: 65,537 addresses; at most 65,536 can be scanned");
  assert_item_error ("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                     "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff: "
                     "340,282,366,920,938,463,463,374,607,431,768,211,456 addresses; "
                     "at most 65,536 can be scanned");
}

static void
test_error_total (void)
{
  assert_list_error ("10.0.0.0/16 10.2.0.0/16 !10.0.0.0/24",
                     "130,816 addresses in all; at most 65,536 can be scanned");
}

static void
test_error_ipv6_prefix (void)
{
  assert_item_error ("2001:db8::/64", "2001:db8::/64: IPv6 prefixes must be /112 or longer");
  assert_item_error ("2001:db8::/111", "2001:db8::/111: IPv6 prefixes must be /112 or longer");
  assert_item_error ("::/0", "::/0: IPv6 prefixes must be /112 or longer");
  assert_item_error ("!2001:db8::/64", "!2001:db8::/64: IPv6 prefixes must be /112 or longer");
}

static void
test_error_mix (void)
{
  assert_item_error ("192.0.2.10-2001:db8::1",
                     "192.0.2.10-2001:db8::1: a range cannot mix IPv4 and IPv6");
  assert_item_error ("2001:db8::1-192.0.2.10",
                     "2001:db8::1-192.0.2.10: a range cannot mix IPv4 and IPv6");
}

static void
test_error_name (void)
{
  assert_item_error ("printer.local", "printer.local: not an IP address (names are not resolved)");
  assert_item_error ("!printer", "!printer: not an IP address (names are not resolved)");
  assert_item_error ("192.0.2.1;192.0.2.2",
                     "192.0.2.1;192.0.2.2: not an IP address (names are not resolved)");
  assert_item_error ("192.0.2.10-printer",
                     "192.0.2.10-printer: printer is not an IP address (names are not resolved)");
}

static void
test_error_exclusion (void)
{
  assert_item_error ("!", "!: an exclusion needs an address");
  /* a lone '!' must not turn the next item into an inclusion */
  assert_list_error ("192.0.2.0/24 ! 192.0.2.13", "!: an exclusion needs an address");
  assert_item_error ("! 192.0.2.13", "!: an exclusion needs an address");
}

static void
test_error_ipv4_shape (void)
{
  assert_item_error ("192.0.2", "192.0.2: an IPv4 address is four numbers separated by dots");
  assert_item_error ("192.0.2.1.5",
                     "192.0.2.1.5: an IPv4 address is four numbers separated by dots");
  assert_item_error ("192..2.1", "192..2.1: an IPv4 address is four numbers separated by dots");
  assert_item_error ("192.0.2.", "192.0.2.: an IPv4 address is four numbers separated by dots");
  assert_item_error (".192.0.2", ".192.0.2: an IPv4 address is four numbers separated by dots");
  assert_item_error ("192.0.300", "192.0.300: an IPv4 address is four numbers separated by dots");
  assert_item_error ("3232235521", "3232235521: an IPv4 address is four numbers separated by dots");
  assert_item_error ("192.0.2.1-192.0.3",
                     "192.0.2.1-192.0.3: an IPv4 address is four numbers separated by dots");
}

static void
test_error_ipv6_invalid (void)
{
  assert_item_error ("2001:db8:::1", "2001:db8:::1: not a valid IPv6 address");
  assert_item_error ("1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9: not a valid IPv6 address");
  /* a zone index names an interface of this machine, not a printer */
  assert_item_error ("fe80::1%eth0", "fe80::1%eth0: not a valid IPv6 address");
  assert_item_error ("2001:db8::1-2001:db8::g",
                     "2001:db8::1-2001:db8::g: 2001:db8::g is not a valid IPv6 address");
}

static void
test_error_network_start (void)
{
  assert_item_error ("192.0.2.7/24",
                     "192.0.2.7/24: not the start of a network; did you mean 192.0.2.0/24?");
  assert_item_error ("2001:db8::1:7/112",
                     "2001:db8::1:7/112: "
                     "not the start of a network; did you mean 2001:db8::1:0/112?");
}

static void
test_error_range_ends (void)
{
  assert_item_error ("192.0.2.1-", "192.0.2.1-: a range needs a first and a last address");
  assert_item_error ("-192.0.2.1", "-192.0.2.1: a range needs a first and a last address");
  assert_item_error ("!-", "!-: a range needs a first and a last address");
}

static void
test_error_short_form_ipv6 (void)
{
  assert_item_error ("2001:db8::10-50",
                     "2001:db8::10-50: only IPv4 ranges have a short form (a.b.c.d-e)");
  assert_item_error ("2001:db8::10-ff",
                     "2001:db8::10-ff: only IPv4 ranges have a short form (a.b.c.d-e)");
}

static void
test_error_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) several = NULL;
  g_autoptr(GError) first_wrong = NULL;

  g_assert_false (ml_ip_range_validate_item (" \t", NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==, "no address given");

  g_assert_false (ml_ip_range_validate_item ("192.0.2.1, 192.0.2.2", NULL, &several));
  g_assert_error (several, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpstr (several->message, ==,
                   "192.0.2.1, 192.0.2.2: one address, network or range per row");

  g_assert_false (ml_ip_range_validate_item ("192.0.2.300 192.0.2.2", NULL, &first_wrong));
  g_assert_cmpstr (first_wrong->message, ==, "192.0.2.300: 300 is not an octet (0-255)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/ip-range/single", test_single);
  g_test_add_func ("/core/ip-range/families-apart", test_families_apart);
  g_test_add_func ("/core/ip-range/cidr", test_cidr);
  g_test_add_func ("/core/ip-range/range", test_range);
  g_test_add_func ("/core/ip-range/short-form", test_short_form);
  g_test_add_func ("/core/ip-range/overlap", test_overlap);
  g_test_add_func ("/core/ip-range/exclusions", test_exclusions);
  g_test_add_func ("/core/ip-range/separators", test_separators);
  g_test_add_func ("/core/ip-range/cap", test_cap);
  g_test_add_func ("/core/ip-range/ipv6", test_ipv6);
  g_test_add_func ("/core/ip-range/nth", test_nth);
  g_test_add_func ("/core/ip-range/to-string", test_to_string);
  g_test_add_func ("/core/ip-range/validate-item", test_validate_item);
  g_test_add_func ("/core/ip-range/boxed", test_boxed);
  g_test_add_func ("/core/ip-range/error/octet", test_error_octet);
  g_test_add_func ("/core/ip-range/error/backwards", test_error_backwards);
  g_test_add_func ("/core/ip-range/error/prefix-length", test_error_prefix_length);
  g_test_add_func ("/core/ip-range/error/too-many", test_error_too_many);
  g_test_add_func ("/core/ip-range/error/total", test_error_total);
  g_test_add_func ("/core/ip-range/error/ipv6-prefix", test_error_ipv6_prefix);
  g_test_add_func ("/core/ip-range/error/mix", test_error_mix);
  g_test_add_func ("/core/ip-range/error/name", test_error_name);
  g_test_add_func ("/core/ip-range/error/exclusion", test_error_exclusion);
  g_test_add_func ("/core/ip-range/error/ipv4-shape", test_error_ipv4_shape);
  g_test_add_func ("/core/ip-range/error/ipv6-invalid", test_error_ipv6_invalid);
  g_test_add_func ("/core/ip-range/error/network-start", test_error_network_start);
  g_test_add_func ("/core/ip-range/error/range-ends", test_error_range_ends);
  g_test_add_func ("/core/ip-range/error/short-form-ipv6", test_error_short_form_ipv6);
  g_test_add_func ("/core/ip-range/error/row", test_error_row);

  return g_test_run ();
}
