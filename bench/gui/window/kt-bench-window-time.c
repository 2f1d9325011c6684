/* kt-bench-window-time.c: time from a program's start to its first window
 *
 *   kt-bench-window-time [--rss-after SECONDS] -- PROGRAM ARGS...
 *
 * Starts PROGRAM and prints "window_ms: N" when the X server maps its
 * first top-level window, the same measure for any X client (issue 12
 * compares Kantora with GNOME Text Editor side by side: their own
 * measures of a "first frame" are not the same thing). Under Xvfb there
 * is no window manager, so a top-level window is a child of the root and
 * its MapNotify arrives on the root with SubstructureNotifyMask. The
 * root is watched before the program starts, so no map is missed. With
 * --rss-after, it also prints "rss_mib: N" (VmRSS) that many seconds
 * after the start. Then it stops the program (SIGTERM).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <X11/Xlib.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double
rss_mib (pid_t pid)
{
  char path[64], line[256];
  FILE *f;
  double kib = -1;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "VmRSS:", 6) == 0)
      kib = strtod (line + 6, NULL);
  fclose (f);
  return kib / 1024;
}

int
main (int    argc,
      char **argv)
{
  Display *display;
  double start, rss_after = 0, timeout_ms = 60000;
  int first = 1, mapped = 0;
  pid_t pid;

  if (argc > 2 && strcmp (argv[1], "--rss-after") == 0)
    {
      rss_after = strtod (argv[2], NULL);
      first = 3;
    }
  if (first >= argc || strcmp (argv[first], "--") != 0 || first + 1 >= argc)
    {
      fprintf (stderr, "usage: %s [--rss-after SECONDS] -- PROGRAM ARGS...\n", argv[0]);
      return 2;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "kt-bench-window-time: cannot open the X display\n");
      return 1;
    }
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  start = now_ms ();
  pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      close (ConnectionNumber (display));
      execvp (argv[first + 1], argv + first + 1);
      fprintf (stderr, "kt-bench-window-time: %s: %s\n", argv[first + 1], strerror (errno));
      _exit (127);
    }

  while (!mapped && now_ms () - start < timeout_ms)
    {
      struct pollfd p = { ConnectionNumber (display), POLLIN, 0 };

      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && !event.xmap.override_redirect &&
              event.xmap.event == DefaultRootWindow (display))
            {
              printf ("window_ms: %.1f\n", now_ms () - start);
              mapped = 1;
              break;
            }
        }
      if (!mapped)
        poll (&p, 1, 100);
    }
  if (!mapped)
    fprintf (stderr, "kt-bench-window-time: no window within %.0f s\n", timeout_ms / 1000);

  if (mapped && rss_after > 0)
    {
      double left = rss_after * 1000 - (now_ms () - start);

      if (left > 0)
        usleep ((useconds_t) (left * 1000));
      printf ("rss_mib: %.1f\n", rss_mib (pid));
    }
  fflush (stdout);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  XCloseDisplay (display);

  return mapped ? 0 : 1;
}
