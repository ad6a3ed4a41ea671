/* meterlink-core.h: the one header that brings in the whole core library
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"
#include "ml-enums.h"
#include "ml-error.h"
#include "ml-units.h"
#include "ml-alert.h"
#include "ml-cartridge.h"
#include "ml-category-usage.h"
#include "ml-device-event.h"
#include "ml-engine-status.h"
#include "ml-identity.h"
#include "ml-ink-usage.h"
#include "ml-ip-range.h"
#include "ml-job.h"
#include "ml-labels.h"
#include "ml-media-source.h"
#include "ml-media-type.h"
#include "ml-media-usage.h"
#include "ml-printer-reading.h"
#include "ml-printhead.h"
#include "ml-usage.h"
#include "ml-model-json.h"
#include "ml-model-json-parse.h"
#include "ml-database.h"
#include "ml-site-key.h"
#include "ml-bundle.h"
#include "ml-enrolment-code.h"
