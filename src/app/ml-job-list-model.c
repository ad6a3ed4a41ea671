/* ml-job-list-model.c: the store's jobs as a GListModel, read lazily a page at a time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are numbered in ascending time order whatever the order shown: position p
 * of a newest-first list is ascending position n - 1 - p, so a change of order keeps
 * every page read so far. A page is created with empty rows when an item of it is
 * first asked for, and read by a GTask in a worker thread; the task holds the rows,
 * so a page dropped from the cache before its read finished still fills the rows a
 * view may be showing. The cache keeps the pages asked for most recently, and the
 * neighbours of a new page are read with it; a page dropped from it is read all
 * the same when a row of it is still held elsewhere.
 */
#include "config.h"

#include "ml-collector-store-jobs.h"
#include "ml-job-list-model.h"
#include "ml-job-row.h"

/* Rows per page: a screenful or two of rows, one seek and one short read. */
#define PAGE_SIZE 256
/* Pages kept: far more than a window shows, few enough to stay a few MB. */
#define MAX_PAGES 48

typedef struct
{
  guint number;
  GPtrArray *rows;               /* MlJobRow */
  GCancellable *cancellable;     /* its read, until it finished */
  GList link;                    /* in the LRU queue; data is the page */
} Page;

struct _MlJobListModel
{
  GObject parent_instance;

  MlCollectorStore *store;

  char *serial;
  gint64 since;
  gint64 until;
  int status;
  gboolean descending;

  MlJobIndex *index;             /* NULL before the first index and after a failed one */
  guint n_items;
  GHashTable *pages;             /* page number → Page */
  GQueue lru;                    /* Page links, most recently used first */

  GCancellable *index_cancellable;
  guint reload_source;
  GError *error;
};

static void ml_job_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MlJobListModel, ml_job_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ml_job_list_model_list_model_init))

enum {
  PROP_0,
  PROP_DESCENDING,
  PROP_LOADING,
  PROP_SERIAL,
  PROP_SINCE,
  PROP_STATUS,
  PROP_STORE,
  PROP_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  if (page->cancellable != NULL)
    g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  g_ptr_array_unref (page->rows);
  g_free (page);
}

/* Whether anyone but the page holds one of its rows. */
static gboolean
page_in_use (Page *page)
{
  for (guint i = 0; i < page->rows->len; i++)
    if (G_OBJECT (g_ptr_array_index (page->rows, i))->ref_count > 1)
      return TRUE;

  return FALSE;
}

static void
drop_pages (MlJobListModel *self)
{
  /* The queue's links live in the pages: forget them, never free them. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

/* Reading a page ----------------------------------------------------------------------- */

typedef struct
{
  MlCollectorStore *store;
  MlJobIndex *index;
  guint number;
  GPtrArray *rows;
} PageRead;

static void
page_read_free (PageRead *read)
{
  g_clear_object (&read->store);
  g_clear_pointer (&read->index, ml_job_index_unref);
  g_clear_pointer (&read->rows, g_ptr_array_unref);
  g_free (read);
}

static void
read_page_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PageRead *read = task_data;
  GPtrArray *jobs;
  GError *error = NULL;

  /* A page scrolled past before its turn came is not worth reading. */
  if (g_task_return_error_if_cancelled (task))
    return;

  jobs = ml_collector_store_read_job_page (read->store, read->index, read->number, &error);
  if (jobs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, jobs, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_page_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (source);
  PageRead *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  jobs = g_task_propagate_pointer (G_TASK (result), &error);

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (read->number));
  if (page != NULL && page->rows == read->rows)
    g_clear_object (&page->cancellable);

  if (jobs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Jobs %u to %u could not be read: %s", read->number * PAGE_SIZE,
                 (read->number + 1) * PAGE_SIZE - 1, error->message);
      return;
    }

  for (guint i = 0; i < MIN (jobs->len, read->rows->len); i++)
    ml_job_row_update (g_ptr_array_index (read->rows, i), g_ptr_array_index (jobs, i));
}

static Page *
ensure_page (MlJobListModel *self,
             guint           number)
{
  g_autoptr(GTask) task = NULL;
  PageRead *read;
  Page *page;
  guint first = number * PAGE_SIZE;
  guint n_rows = MIN (PAGE_SIZE, self->n_items - first);

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (number));
  if (page != NULL)
    {
      /* Most recently used first. */
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return page;
    }

  page = g_new0 (Page, 1);
  page->number = number;
  page->link.data = page;
  page->rows = g_ptr_array_new_full (n_rows, g_object_unref);
  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (page->rows, ml_job_row_new ());
  page->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (number), page);
  g_queue_push_head_link (&self->lru, &page->link);

  while (self->lru.length > MAX_PAGES)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);
      Page *dropped = oldest->data;

      /* A page scrolled past need not be read, unless a row of it is still held
       * (by a view, say): that row must fill in. */
      if (page_in_use (dropped))
        g_clear_object (&dropped->cancellable);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (dropped->number));
    }

  read = g_new0 (PageRead, 1);
  read->store = g_object_ref (self->store);
  read->index = ml_job_index_ref (self->index);
  read->number = number;
  read->rows = g_ptr_array_ref (page->rows);

  task = g_task_new (self, page->cancellable, on_page_read, NULL);
  g_task_set_source_tag (task, ensure_page);
  g_task_set_task_data (task, read, (GDestroyNotify) page_read_free);
  g_task_run_in_thread (task, read_page_thread);

  return page;
}

/* Indexing ----------------------------------------------------------------------------- */

typedef struct
{
  MlCollectorStore *store;
  char *serial;
  MlJobFilter filter;
} IndexRequest;

static void
index_request_free (IndexRequest *request)
{
  g_clear_object (&request->store);
  g_free (request->serial);
  g_free (request);
}

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  IndexRequest *request = task_data;
  MlJobIndex *index;
  GError *error = NULL;

  index = ml_collector_store_index_jobs (request->store, &request->filter, PAGE_SIZE,
                                         cancellable, &error);
  if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, (GDestroyNotify) ml_job_index_unref);
}

static void
set_index (MlJobListModel *self,
           MlJobIndex     *index)
{
  guint removed = self->n_items;

  drop_pages (self);
  g_clear_pointer (&self->index, ml_job_index_unref);
  self->index = index != NULL ? ml_job_index_ref (index) : NULL;
  self->n_items = index != NULL ? ml_job_index_get_n_jobs (index) : 0;

  if (removed > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
}

static void
on_indexed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (source);
  g_autoptr(MlJobIndex) index = NULL;
  g_autoptr(GError) error = NULL;

  index = g_task_propagate_pointer (G_TASK (result), &error);
  /* A newer index is on its way: this one says nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->index_cancellable)
    return;

  g_clear_object (&self->index_cancellable);
  g_clear_error (&self->error);
  self->error = g_steal_pointer (&error);

  set_index (self, index);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
reload_cb (gpointer user_data)
{
  MlJobListModel *self = user_data;
  g_autoptr(GTask) task = NULL;
  IndexRequest *request;

  self->reload_source = 0;

  if (self->index_cancellable != NULL)
    g_cancellable_cancel (self->index_cancellable);
  g_clear_object (&self->index_cancellable);

  if (self->store == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return G_SOURCE_REMOVE;
    }

  request = g_new0 (IndexRequest, 1);
  request->store = g_object_ref (self->store);
  request->serial = g_strdup (self->serial);
  request->filter.serial = request->serial;
  request->filter.since = self->since;
  request->filter.until = self->until;
  request->filter.status = self->status;

  self->index_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->index_cancellable, on_indexed, NULL);
  g_task_set_source_tag (task, reload_cb);
  g_task_set_task_data (task, request, (GDestroyNotify) index_request_free);
  g_task_run_in_thread (task, index_thread);

  return G_SOURCE_REMOVE;
}

/* Several filter changes in one go make one index. The model is loading from the
 * change on, so that a caller waiting for the new count never sees the old one. */
static void
queue_reload (MlJobListModel *self)
{
  gboolean was_loading = ml_job_list_model_get_loading (self);

  if (self->reload_source == 0)
    self->reload_source = g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, self, NULL);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* GListModel --------------------------------------------------------------------------- */

static GType
ml_job_list_model_get_item_type (GListModel *model)
{
  return ML_TYPE_JOB_ROW;
}

static guint
ml_job_list_model_get_n_items (GListModel *model)
{
  return ML_JOB_LIST_MODEL (model)->n_items;
}

static gpointer
ml_job_list_model_get_item (GListModel *model,
                            guint       position)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (model);
  guint ascending, number;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  ascending = self->descending ? self->n_items - 1 - position : position;
  number = ascending / PAGE_SIZE;

  /* A view that reaches a new page is scrolling: read the pages on either side
   * too, so that the rows it shows next are there when it gets to them. */
  if (!g_hash_table_contains (self->pages, GUINT_TO_POINTER (number)))
    {
      if (number > 0)
        ensure_page (self, number - 1);
      if ((number + 1) * PAGE_SIZE < self->n_items)
        ensure_page (self, number + 1);
    }
  page = ensure_page (self, number);

  return g_object_ref (g_ptr_array_index (page->rows, ascending % PAGE_SIZE));
}

static void
ml_job_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ml_job_list_model_get_item_type;
  iface->get_n_items = ml_job_list_model_get_n_items;
  iface->get_item = ml_job_list_model_get_item;
}

/* GObject ------------------------------------------------------------------------------ */

static void
ml_job_list_model_constructed (GObject *object)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (object);

  G_OBJECT_CLASS (ml_job_list_model_parent_class)->constructed (object);

  if (self->store != NULL)
    queue_reload (self);
}

static void
ml_job_list_model_dispose (GObject *object)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->index_cancellable != NULL)
    g_cancellable_cancel (self->index_cancellable);
  g_clear_object (&self->index_cancellable);
  drop_pages (self);

  G_OBJECT_CLASS (ml_job_list_model_parent_class)->dispose (object);
}

static void
ml_job_list_model_finalize (GObject *object)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->index, ml_job_index_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->serial, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ml_job_list_model_parent_class)->finalize (object);
}

static void
ml_job_list_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, ml_job_list_model_get_loading (self));
      break;

    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;

    case PROP_SINCE:
      g_value_set_int64 (value, self->since);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_UNTIL:
      g_value_set_int64 (value, self->until);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_job_list_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MlJobListModel *self = ML_JOB_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DESCENDING:
      ml_job_list_model_set_descending (self, g_value_get_boolean (value));
      break;

    case PROP_SERIAL:
      ml_job_list_model_set_serial (self, g_value_get_string (value));
      break;

    case PROP_SINCE:
      ml_job_list_model_set_since (self, g_value_get_int64 (value));
      break;

    case PROP_STATUS:
      ml_job_list_model_set_status (self, g_value_get_int (value));
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_UNTIL:
      ml_job_list_model_set_until (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_job_list_model_class_init (MlJobListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ml_job_list_model_constructed;
  object_class->dispose = ml_job_list_model_dispose;
  object_class->finalize = ml_job_list_model_finalize;
  object_class->get_property = ml_job_list_model_get_property;
  object_class->set_property = ml_job_list_model_set_property;

  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE, flags);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERIAL] =
    g_param_spec_string ("serial", NULL, NULL, NULL, flags);
  properties[PROP_SINCE] =
    g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, -1, ML_JOB_STATUS_DELETED, -1, flags);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ML_TYPE_COLLECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNTIL] =
    g_param_spec_int64 ("until", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_job_list_model_init (MlJobListModel *self)
{
  self->status = -1;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

MlJobListModel *
ml_job_list_model_new (MlCollectorStore *store)
{
  g_return_val_if_fail (store == NULL || ML_IS_COLLECTOR_STORE (store), NULL);

  return g_object_new (ML_TYPE_JOB_LIST_MODEL, "store", store, NULL);
}

MlCollectorStore *
ml_job_list_model_get_store (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), NULL);

  return self->store;
}

const char *
ml_job_list_model_get_serial (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), NULL);

  return self->serial;
}

void
ml_job_list_model_set_serial (MlJobListModel *self,
                              const char     *serial)
{
  g_return_if_fail (ML_IS_JOB_LIST_MODEL (self));

  if (serial != NULL && *serial == '\0')
    serial = NULL;
  if (g_strcmp0 (self->serial, serial) == 0)
    return;

  g_free (self->serial);
  self->serial = g_strdup (serial);
  queue_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL]);
}

gint64
ml_job_list_model_get_since (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), 0);

  return self->since;
}

void
ml_job_list_model_set_since (MlJobListModel *self,
                             gint64          since)
{
  g_return_if_fail (ML_IS_JOB_LIST_MODEL (self));

  since = MAX (since, 0);
  if (self->since == since)
    return;

  self->since = since;
  queue_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCE]);
}

gint64
ml_job_list_model_get_until (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), 0);

  return self->until;
}

void
ml_job_list_model_set_until (MlJobListModel *self,
                             gint64          until)
{
  g_return_if_fail (ML_IS_JOB_LIST_MODEL (self));

  until = MAX (until, 0);
  if (self->until == until)
    return;

  self->until = until;
  queue_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNTIL]);
}

int
ml_job_list_model_get_status (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), -1);

  return self->status;
}

void
ml_job_list_model_set_status (MlJobListModel *self,
                              int             status)
{
  g_return_if_fail (ML_IS_JOB_LIST_MODEL (self));
  g_return_if_fail (status >= -1 && status <= ML_JOB_STATUS_DELETED);

  if (self->status == status)
    return;

  self->status = status;
  queue_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
ml_job_list_model_get_descending (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), FALSE);

  return self->descending;
}

void
ml_job_list_model_set_descending (MlJobListModel *self,
                                  gboolean        descending)
{
  g_return_if_fail (ML_IS_JOB_LIST_MODEL (self));

  descending = !!descending;
  if (self->descending == descending)
    return;

  /* The same pages, shown from the other end. */
  self->descending = descending;
  if (self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, self->n_items, self->n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
}

gboolean
ml_job_list_model_get_loading (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), FALSE);

  return self->reload_source != 0 || self->index_cancellable != NULL;
}

const GError *
ml_job_list_model_get_error (MlJobListModel *self)
{
  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), NULL);

  return self->error;
}

void
ml_job_list_model_reload (MlJobListModel *self)
{
  g_return_if_fail (ML_IS_JOB_LIST_MODEL (self));

  queue_reload (self);
}

guint
ml_job_list_model_get_n_cached_rows (MlJobListModel *self)
{
  guint n = 0;

  g_return_val_if_fail (ML_IS_JOB_LIST_MODEL (self), 0);

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    n += ((Page *) l->data)->rows->len;
  return n;
}
