/* kt-texture.h: cairo image surfaces as GDK textures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gdk/gdk.h>

G_BEGIN_DECLS

/* A texture with a copy of @surface's pixels (an ARGB32 image surface).
 * Safe to call on a worker thread. */
GdkTexture *kt_texture_new_for_surface (cairo_surface_t *surface);

G_END_DECLS
