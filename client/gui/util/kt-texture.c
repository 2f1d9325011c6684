/* kt-texture.c: cairo image surfaces as GDK textures
 *
 * The document preview and the template studio draw pages with cairo on
 * worker threads and show them as textures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-texture"

#include "config.h"

#include "kt-texture.h"

GdkTexture *
kt_texture_new_for_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width, height, stride;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32, NULL);

  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* Cairo's ARGB32 is premultiplied BGRA in memory on little-endian. */
  return gdk_memory_texture_new (width, height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN
                                 ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                 : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                 bytes, stride);
}
