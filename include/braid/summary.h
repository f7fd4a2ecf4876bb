/*
 * summary.h - the Framework Method's summaries (Gale et al. 2013): for a
 * case and a theme, the researcher's own words on what the case says about
 * the theme, one text per pair. They fill the cells of the framework
 * matrix (`braid export matrix --value summary`, quantitize.h).
 *
 * A case is named by its name, a theme by its id (slug) or unique name
 * (braid_theme_find). Setting and removing are changes of the open change
 * (store.h): one note each in the audit log, undoable. A discarded or
 * merged theme takes no new summary (its old ones stay, and stay listed).
 *
 * Strings in rows are borrowed for the callback.
 */
#ifndef BRAID_SUMMARY_H
#define BRAID_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/table.h"

/*
 * Sets the summary of a case for a theme, replacing the one there (its
 * `updated` time then set); text is UTF-8, not empty. coder (may be NULL)
 * is who wrote it.
 */
int braid_summary_set(struct braid_store *st, const char *case_name, const char *theme,
		      const char *text, const char *coder, struct braid_err *err);
/* Removes it; BRAID_ENOTFOUND when there is none. */
int braid_summary_rm(struct braid_store *st, const char *case_name, const char *theme,
		     struct braid_err *err);

struct braid_summary_row {
	int64_t id;
	const char *guid, *case_name, *theme, *theme_name, *text;
	const char *created, *created_by, *updated; /* created_by, updated: NULL when unknown, never */
};

/*
 * The summaries, by case name, then theme (position, id); case_name and
 * theme (NULL: any) narrow them, and must exist.
 */
int braid_summaries_each(struct braid_store *st, const char *case_name, const char *theme,
			 int (*cb)(const struct braid_summary_row *row, void *ctx), void *ctx,
			 struct braid_err *err);

/*
 * Their listing (table.h): case, theme (slug), text, created_by, created,
 * updated, id, guid. The table: case, theme, the text cut to 60, by.
 */
extern const struct braid_listing braid_summaries_listing;
void braid_summary_values(const struct braid_summary_row *r, struct braid_row *row);

#endif
