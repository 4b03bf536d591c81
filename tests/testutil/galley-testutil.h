/* galley-testutil.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Leak-gate helpers for Galley's tests (test code only, never shipped), after
 * guide/testing.md and ../shared/recipes/testutil. The counting itself lives in the app's
 * diag module (the Diagnostics view shows the same figures); this adds the test side:
 *
 *   galley_test_track_type()      per-type live-instance counter
 *   galley_test_count_sources()   live GSources on the default context whose name has a prefix
 *   galley_test_count_fds()       open fds of this process
 *   galley_test_count_signal_handlers()  unblocked handlers on a long-lived instance
 *   GalleyTestBaseline            fds + named sources snapshot, asserted after the view closed
 *   galley_test_spin_until()      bounded main-loop waits
 */
#pragma once

#include <gio/gio.h>

#include "diag/galley-instances.h"
#include "util/galley-sanitizer.h"
#include "util/galley-source.h"

G_BEGIN_DECLS

/* ---- test setup ---- */
/* GLib 2.74's g_test_init() prints every g_debug() as a TAP comment; drop DEBUG and INFO.
 * GALLEY_TEST_DEBUG=1 keeps them. */
void     galley_test_quiet_debug        (void);
/* Iterations for cycle tests: $GALLEY_TEST_ITER if set, else default_n. */
guint    galley_test_iterations         (guint default_n);
/* Iterate the default context until nothing is pending (bounded). */
void     galley_test_drain_main_context (void);
/* Iterate the default context until cond(data) is TRUE or timeout_ms passed. */
gboolean galley_test_spin_until         (gboolean (*cond) (gpointer data),
                                         gpointer data,
                                         guint    timeout_ms);
/* Iterate the default context for ms milliseconds. */
void     galley_test_spin_for           (guint    ms);

/* ---- GObject instance counting (diag/galley-instances.h) ---- */
void     galley_test_track_type         (GType type);
/* Every Galley type, plus the library types Galley creates. */
void     galley_test_track_all          (void);
int      galley_test_tracked_count      (GType type);
void     galley_test_tracked_dump       (GType type);

#define galley_test_assert_tracked(type, expected)                                   \
  G_STMT_START {                                                                     \
    int galley_n_ = galley_test_tracked_count (type);                                \
    if (galley_n_ != (int) (expected))                                               \
      galley_test_tracked_dump (type);                                               \
    g_assert_cmpint (galley_n_, ==, (int) (expected));                               \
  } G_STMT_END

/* Asserts that no instance of any tracked Galley type is alive (dumps the survivors). */
void     galley_test_assert_no_galley_objects (void);

/* ---- sources, fds, handlers ---- */
guint    galley_test_count_sources      (const char *name_prefix);   /* NULL = all */
void     galley_test_dump_sources       (void);
guint    galley_test_count_fds          (void);
void     galley_test_dump_fds           (void);
guint    galley_test_count_signal_handlers (gpointer instance);

/* Runs argv (PATH lookup) while iterating the default main context, up to timeout_ms; its
 * stdout, or NULL if it failed, exited non-zero or timed out (then it is killed). */
char    *galley_test_spawn_output       (const char * const *argv,
                                         guint               timeout_ms);

/* ---- PipeWire (audio suite, under tests/audio/with-audio.sh) ---- */
/* Nodes in the graph whose node.name starts with prefix; -1 if pw-cli failed. Node removal is
 * asynchronous: after destroying a stream, use galley_test_wait_pw_nodes(). */
int      galley_test_count_pw_nodes     (const char *name_prefix);
gboolean galley_test_wait_pw_nodes      (const char *name_prefix,
                                         int         expected,
                                         guint       timeout_ms);

/* ---- baseline: take after a warm-up cycle, assert after the view is closed ---- */
typedef struct {
  guint   sources;     /* live sources named GALLEY_SOURCE_PREFIX* */
  char  **fds;         /* "3 -> socket:[1234]" entries */
} GalleyTestBaseline;

void     galley_test_baseline_take      (GalleyTestBaseline *b);
void     galley_test_baseline_assert    (const GalleyTestBaseline *b);
void     galley_test_baseline_clear     (GalleyTestBaseline *b);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GalleyTestBaseline, galley_test_baseline_clear)

/* ---- small helpers used by many tests ---- */
/* TRUE once *(gpointer *) data is NULL (a weak pointer that was cleared). */
gboolean galley_test_is_null            (gpointer data);
/* TRUE once the boolean at data is TRUE. */
gboolean galley_test_is_true            (gpointer data);
/* Counts calls: connect with g_signal_connect_swapped (instance, "sig", G_CALLBACK
 * (galley_test_count_cb), &guint_counter); extra signal arguments are ignored. */
void     galley_test_count_cb           (guint   *counter);
/* Removes a temporary directory and the files in it (not recursive). */
void     galley_test_remove_dir         (const char *path);

G_END_DECLS
