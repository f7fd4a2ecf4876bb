/*
 * test_columns.c - every listing's description is consistent (keys unique
 * and present where the data formats need them, the table's columns exist),
 * and the row functions that compose cells: the code counts' names once per
 * group, the log's line, a coding's span and turn.
 */
#include "testutil.h"

#include "braid/columns.h"

static void check_listing(const struct braid_listing *l)
{
	size_t idx[64], n;

	assert_true(l->ncols < 64);
	for (size_t i = 0; i < l->ncols; i++) {
		const struct braid_column *c = &l->cols[i];

		assert_non_null(c->header);
		if (c->flags & BRAID_COL_TABLE) {
			assert_null(c->key);
			continue;
		}
		assert_non_null(c->key);
		for (size_t k = 0; k < i; k++)
			if (l->cols[k].key && !strcmp(l->cols[k].key, c->key))
				fail_msg("%s: key '%s' twice", l->name, c->key);
	}
	n = braid_listing_table_cols(l, idx);
	assert_true(n > 0);
	for (size_t k = 0; k < n; k++) {
		assert_true(idx[k] < l->ncols);
		assert_false(l->cols[idx[k]].flags & BRAID_COL_DATA);
	}
}

static void descriptions_are_consistent(void **state)
{
	const struct braid_listing *all[] = {
		&braid_docs_listing,
		&braid_speakers_listing,
		&braid_cases_listing,
		&braid_turns_listing,
		&braid_hits_listing,
		&braid_autocode_hits_listing,
		&braid_codings_listing,
		&braid_memos_listing,
		&braid_coders_listing,
		&braid_log_listing,
		braid_stats_listing(BRAID_BY_NONE),
		braid_stats_listing(BRAID_BY_DOC),
		braid_stats_listing(BRAID_BY_CASE),
		braid_stats_listing(BRAID_BY_CODER),
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		check_listing(all[i]);
}

/* The cell of column `header` of the table, as the table shows it. */
static const char *cell(const struct braid_listing *l, const struct braid_row *row,
			const char *header)
{
	static struct strbuf out = STRBUF_INIT;
	size_t idx[64], n = braid_listing_table_cols(l, idx);

	for (size_t k = 0; k < n; k++)
		if (!strcmp(l->cols[idx[k]].header, header)) {
			strbuf_reset(&out);
			braid_cell_text(&l->cols[idx[k]], &row->v[idx[k]], &out);
			return out.buf;
		}
	fail_msg("no column %s", header);
	return NULL;
}

static void stats_names_a_code_once_per_group(void **state)
{
	const struct braid_listing *l = braid_stats_listing(BRAID_BY_CODER);
	struct braid_stats_row r = { "legal", "Legal", 1, "amina", 2, 10, 1, 1 };
	struct braid_row row;

	braid_row_init(&row, l);
	braid_stats_values(&r, &row);
	assert_string_equal(cell(l, &row, "CODE"), "  Legal");
	assert_string_equal(cell(l, &row, "CODER"), "amina");
	r.group = "ben";
	braid_stats_values(&r, &row);
	assert_string_equal(cell(l, &row, "CODE"), "");
	r.code = "family";
	r.code_name = "Family";
	r.depth = 0;
	braid_stats_values(&r, &row);
	assert_string_equal(cell(l, &row, "CODE"), "Family");
	braid_row_release(&row);
}

static void composed_cells(void **state)
{
	struct braid_log_row lr = { .id = 7, .time = "t", .coder = NULL, .command = "undo",
				    .detail = "undid #3", .kind = "undo", .reverts = 3, .undone = 9 };
	struct braid_coding_row cr = { .id = 12, .doc = "int1", .code = "legal", .coder = "amina",
				       .origin = "manual", .status = "accepted", .start = 45,
				       .end = 146, .text = "Yes.\n\nThe  lawyer", .text_len = 17 };
	struct braid_row row;

	braid_row_init(&row, &braid_log_listing);
	braid_log_values(&lr, &row);
	assert_string_equal(cell(&braid_log_listing, &row, "WHAT"),
			    "undo: undid #3  [redone by #9]");
	assert_string_equal(cell(&braid_log_listing, &row, "CODER"), "-");
	assert_int_equal(row.v[6].type, BRAID_VAL_NULL); /* phase 0: null */
	braid_row_release(&row);

	braid_row_init(&row, &braid_codings_listing);
	braid_coding_values(&cr, &row);
	assert_string_equal(cell(&braid_codings_listing, &row, "ID"), "#12");
	assert_string_equal(cell(&braid_codings_listing, &row, "TURN"), "-");
	assert_string_equal(cell(&braid_codings_listing, &row, "SPAN"), "45-146");
	assert_string_equal(cell(&braid_codings_listing, &row, "TEXT"), "Yes. The lawyer");
	braid_row_release(&row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptions_are_consistent),
		cmocka_unit_test(stats_names_a_code_once_per_group),
		cmocka_unit_test(composed_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
