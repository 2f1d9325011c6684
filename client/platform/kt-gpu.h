/* kt-gpu.h: whether the machine can draw with a graphics processor
 *
 * GTK 4.8 draws with OpenGL whenever it can create a context, and on a
 * machine without a GPU (a virtual machine, a remote desktop, Xvfb) Mesa
 * gives it one anyway: llvmpipe, which runs GL shaders on the CPU. There
 * GTK's GL renderer is slower than its cairo renderer and holds tens of
 * megabytes more (llvmpipe's buffers and compiled shaders live in the
 * process: docs/performance.md, "The client's renderer"). GTK 4.14 stopped
 * using its GPU renderers on llvmpipe for the same reason; the client
 * makes that choice for GTK 4.8 at start. The Linux implementation is
 * kt-gpu-dri.c; other systems would provide their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE unless the machine certainly has no graphics processor that
 * OpenGL could use. Cheap: it opens no GL context. @root is the file
 * system root to look under ("/" or NULL; tests give a directory). */
gboolean kt_gpu_is_available (const char *root);

/* Sets GSK_RENDERER=cairo when there is no graphics processor and the
 * person has not chosen a renderer (GSK_RENDERER set, even empty, wins).
 * Call before GTK creates its first window. Returns TRUE when it chose. */
gboolean kt_gpu_choose_renderer (void);

G_END_DECLS
