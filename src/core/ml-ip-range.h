/* ml-ip-range.h: the address ranges a collector scans, parsed from what a technician types
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list holds items separated by commas, spaces, tabs or new lines: single
 * addresses (192.0.2.7, 2001:db8::7), networks (192.0.2.0/24, 2001:db8::/120, IPv6
 * only /112 or longer), ranges (192.0.2.10-192.0.2.50, the short form 192.0.2.10-50,
 * 2001:db8::1-2001:db8::ff) and exclusions of any of these (!192.0.2.13). Exclusions
 * apply after all inclusions, whatever their order. No item, and no whole list after
 * its exclusions, names more than ML_IP_RANGE_MAX_ADDRESSES addresses.
 *
 * An MlIpRange is immutable once parsed, so one can be shared between threads.
 */
#pragma once

#include <gio/gio.h>

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_IP_RANGE_MAX_ADDRESSES 65536

#define ML_TYPE_IP_RANGE (ml_ip_range_get_type ())

typedef struct _MlIpRange MlIpRange;

GType         ml_ip_range_get_type      (void) G_GNUC_CONST;
MlIpRange    *ml_ip_range_ref           (MlIpRange    *self);
void          ml_ip_range_unref         (MlIpRange    *self);
MlIpRange    *ml_ip_range_parse         (const char   *text,
                                         GError      **error);
gboolean      ml_ip_range_validate_item (const char   *item,
                                         guint64      *out_count,
                                         GError      **error);
guint64       ml_ip_range_get_count     (MlIpRange    *self);
gboolean      ml_ip_range_contains      (MlIpRange    *self,
                                         GInetAddress *address);
GInetAddress *ml_ip_range_get_nth       (MlIpRange    *self,
                                         guint64       n);
char         *ml_ip_range_to_string     (MlIpRange    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlIpRange, ml_ip_range_unref)

G_END_DECLS
