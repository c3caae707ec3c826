/* kiln-help.h — F1: the user guide in Yelp (help:kiln), or, where Yelp is
 * not installed, the same Mallard pages turned into web pages with
 * yelp-build and opened in the browser, or else a dialog naming the
 * package to install. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kiln_help_show(GtkWindow *parent);
/* The folder holding the guide's index.page for the current language, or
 * NULL when the guide is not installed. */
char *kiln_help_find_pages(void);
/* The dialog's text when no viewer could show the guide; `html` is the
 * folder of web pages written for it, or NULL. */
char *kiln_help_unavailable_text(const char *html);

G_END_DECLS
