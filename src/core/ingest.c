/* ingest.c - transcript files into a project (see ingest.h). */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <nettle/sha2.h>

#include "braid/alloc.h"
#include "braid/csvread.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/diff.h"
#include "braid/ingest.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "db.h"
#include "ingestint.h"

/*
 * Strings to their index in an array the caller owns (the speakers of the
 * document being built, the rows of the case map): open addressing on a hash
 * of the string, which the array keeps alive. A scan of the speakers for
 * every turn made ingest quadratic in the number of distinct speakers of a
 * file (80,000 took 19.7 s).
 */
struct str_index {
	struct str_slot {
		const char *key; /* NULL: empty */
		uint32_t hash;
		size_t idx;
	} *slot;
	size_t cap, nr; /* cap is 0 or a power of two */
};

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	/* FNV's low bits cluster for labels such as "P1001", "P1002": mix them */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

/* The index of key, or SIZE_MAX. */
static size_t str_index_get(const struct str_index *t, const char *key)
{
	uint32_t h;

	if (!t->cap)
		return SIZE_MAX;
	h = str_hash(key);
	for (size_t i = h & (t->cap - 1); t->slot[i].key; i = (i + 1) & (t->cap - 1))
		if (t->slot[i].hash == h && !strcmp(t->slot[i].key, key))
			return t->slot[i].idx;
	return SIZE_MAX;
}

/* Adds key (not there yet; borrowed: it must outlive the index) with its index. */
static void str_index_put(struct str_index *t, const char *key, size_t idx)
{
	uint32_t h = str_hash(key);
	size_t i;

	if ((t->nr + 1) * 2 > t->cap) {
		struct str_index bigger = { xcalloc(t->cap ? t->cap * 2 : 64, sizeof(*t->slot)),
					    t->cap ? t->cap * 2 : 64, t->nr };

		for (size_t j = 0; j < t->cap; j++) {
			if (!t->slot[j].key)
				continue;
			for (i = t->slot[j].hash & (bigger.cap - 1); bigger.slot[i].key;
			     i = (i + 1) & (bigger.cap - 1))
				;
			bigger.slot[i] = t->slot[j];
		}
		free(t->slot);
		*t = bigger;
	}
	for (i = h & (t->cap - 1); t->slot[i].key; i = (i + 1) & (t->cap - 1))
		;
	t->slot[i] = (struct str_slot){ key, h, idx };
	t->nr++;
}

static void str_index_clear(struct str_index *t)
{
	if (t->nr)
		memset(t->slot, 0, t->cap * sizeof(*t->slot));
	t->nr = 0;
}

static void str_index_release(struct str_index *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* One row of the case map. */
struct map_row {
	char *label, *case_name;
	size_t line;
	int used;              /* some speaker had exactly this label */
	char *near, *near_file; /* a speaker label equal to it but for letter case, and its file */
};

/*
 * Speaker labels mapped to cases (--case-map), checked as they are used: a
 * label that differs from a speaker's only in letter case, or that matches
 * no speaker at all, is reported once the batch is read (case_map_check).
 */
struct case_map {
	const char *path;
	struct map_row *row;
	size_t nr, alloc;
	struct str_index by_label, by_folded;
	char **folded; /* each row's label case-folded (the keys of by_folded) */
};

/* One speaker of the document being built. */
struct spk {
	char *label; /* NULL: the pseudo-speaker */
	const char *role;
	const char *case_name; /* borrowed from opts or case map, or owned in own_case */
	char *own_case;
	int64_t id;
	size_t turns, words;
};

struct turn_pos {
	size_t spk;
	int64_t start, end, start_ms, end_ms;
	size_t words;
	size_t byte_start, byte_len; /* of the utterance inside the document text */
};

/* Everything one braid_ingest call keeps between files. */
struct ingest {
	struct braid_store *st;
	const struct braid_ingest_opts *o;
	struct case_map map;
	sqlite3_stmt *dup, *name_taken, *ins_doc, *ins_spk, *ins_turn, *ins_text, *ins_fts;
	struct strbuf raw, text, doc;
	size_t raw_bytes; /* the file's size (raw is let go once the text is laid out) */
	struct spk *spk;
	size_t nspk, spk_alloc;
	struct str_index spk_by_label; /* the labelled speakers */
	size_t pseudo;                 /* the pseudo-speaker's index, SIZE_MAX: none yet */
	struct turn_pos *turn;
	size_t nturn, turn_alloc;
};

static const char *const interviewer_labels[] = {
	"i", "int", "interviewer", "q", "question", "questioner", "researcher",
};
static const char *const moderator_labels[] = {
	"m", "mod", "moderator", "facilitator",
};

/* Compares a label with a role word, allowing a numbered variant ("Interviewer 2"). */
static int label_is(const char *label, const char *word)
{
	size_t n = strlen(word);

	if (strncasecmp(label, word, n))
		return 0;
	label += n;
	if (!*label)
		return 1;
	if (*label == ' ')
		label++;
	if (!*label)
		return 0;
	for (; *label; label++)
		if (!((*label >= '0' && *label <= '9') || (*label >= 'A' && *label <= 'Z' && !label[1])))
			return 0;
	return n > 1; /* "I2" is not a role word; "Interviewer 2" and "Interviewer B" are */
}

const char *braid_ingest_role(const char *label)
{
	for (size_t i = 0; i < sizeof(interviewer_labels) / sizeof(*interviewer_labels); i++)
		if (label_is(label, interviewer_labels[i]))
			return "interviewer";
	for (size_t i = 0; i < sizeof(moderator_labels) / sizeof(*moderator_labels); i++)
		if (label_is(label, moderator_labels[i]))
			return "moderator";
	return "participant";
}

/* ---- case map (CSV, csvread.h) ---- */

/* The first row as written (up to 200 bytes), for the message about a wrong header. */
static void header_text(const struct braid_csv_row *r, struct strbuf *sb)
{
	for (size_t i = 0; i < r->n && sb->len < 200; i++) {
		if (i)
			strbuf_addch(sb, ',');
		if (r->cell[i].text)
			strbuf_addstr(sb, r->cell[i].text);
	}
}

static int case_map_row(struct case_map *map, const char *path, const struct braid_csv_row *cr,
			int first, struct braid_err *err)
{
	size_t row = cr->line;
	const char *label = cr->n > 0 && cr->cell[0].text ? cr->cell[0].text : "";
	const char *case_name = cr->n > 1 && cr->cell[1].text ? cr->cell[1].text : "";
	struct map_row *r;
	size_t dup;

	/*
	 * The header is required: without it a first row "Anna,P1" and a header
	 * of other columns ("label,participant", "case,speaker") look the same,
	 * and a swapped map would link every speaker to the wrong case.
	 */
	if (first) {
		if (cr->n != 2 || strcasecmp(label, "speaker") || strcasecmp(case_name, "case")) {
			struct strbuf h = STRBUF_INIT;
			int rc;

			header_text(cr, &h);
			rc = braid_errorf(err, BRAID_EPARSE,
					  "case map '%s': line %zu: expected the header "
					  "'speaker,case', found '%s'",
					  path, row, h.buf ? h.buf : "");
			strbuf_release(&h);
			return rc;
		}
		return 0;
	}
	if (cr->n != 2)
		return braid_errorf(err, BRAID_EPARSE,
				    "case map '%s': line %zu: expected 2 columns (speaker,case), "
				    "found %zu",
				    path, row, cr->n);
	if (!*label || !*case_name)
		return braid_errorf(err, BRAID_EPARSE, "case map '%s': line %zu: empty speaker or case",
				    path, row);
	dup = str_index_get(&map->by_label, label);
	if (dup != SIZE_MAX) {
		if (strcmp(map->row[dup].case_name, case_name))
			return braid_errorf(err, BRAID_EPARSE,
					    "case map '%s': line %zu: '%s' is mapped to '%s' here "
					    "and to '%s' on line %zu",
					    path, row, label, case_name, map->row[dup].case_name,
					    map->row[dup].line);
		return 0;
	}
	ALLOC_GROW(map->row, map->nr + 1, map->alloc);
	map->folded = xrealloc(map->folded, map->alloc * sizeof(*map->folded));
	r = &map->row[map->nr];
	memset(r, 0, sizeof(*r));
	r->label = xstrdup(label);
	r->case_name = xstrdup(case_name);
	r->line = row;
	str_index_put(&map->by_label, r->label, map->nr);
	{
		struct strbuf f = STRBUF_INIT;

		braid_text_fold(r->label, strlen(r->label), &f);
		map->folded[map->nr] = strbuf_detach(&f, NULL);
		if (str_index_get(&map->by_folded, map->folded[map->nr]) == SIZE_MAX)
			str_index_put(&map->by_folded, map->folded[map->nr], map->nr);
	}
	map->nr++;
	return 0;
}

static int load_case_map(struct case_map *map, const char *path, struct braid_err *err)
{
	struct braid_csv csv = BRAID_CSV_INIT;
	struct braid_csv_opts opts = { ',', 0 };
	int rc;

	map->path = path;
	rc = braid_csv_read(&csv, path, "case map", &opts, err);
	for (size_t i = 0; !rc && i < csv.nrow; i++)
		rc = case_map_row(map, path, &csv.row[i], i == 0, err);
	if (!rc && !csv.nrow)
		rc = braid_errorf(err, BRAID_EPARSE,
				  "case map '%s' is empty: expected the header 'speaker,case'", path);
	braid_csv_release(&csv);
	return rc;
}

static void case_map_release(struct case_map *map)
{
	for (size_t i = 0; i < map->nr; i++) {
		free(map->row[i].label);
		free(map->row[i].case_name);
		free(map->row[i].near);
		free(map->row[i].near_file);
		free(map->folded[i]);
	}
	free(map->row);
	free(map->folded);
	str_index_release(&map->by_label);
	str_index_release(&map->by_folded);
}

/* The row mapping this label exactly, or NULL. */
static struct map_row *case_map_get(const struct case_map *map, const char *label)
{
	size_t i = str_index_get(&map->by_label, label);

	return i == SIZE_MAX ? NULL : &map->row[i];
}

/*
 * Notes which rows the speakers of the file at path use, and the speakers
 * whose label a row has in another letter case ("ANNA" for a row "Anna"),
 * for case_map_check. Files skipped as already ingested count too, so that
 * a map kept for a growing folder does not report their rows.
 */
static void case_map_match(struct ingest *in, const char *path);

/*
 * After the batch: a row that matches no speaker but one in another letter
 * case is an error (the speaker would silently get a case of its own, or
 * the document's); a row that matches nothing is a warning (a map may be
 * shared by several batches), as is a speaker left unmapped while a row
 * has its label in another case.
 */
static int case_map_check(struct ingest *in, struct braid_err *err);

/* ---- one document ---- */

static void reset_doc(struct ingest *in)
{
	for (size_t i = 0; i < in->nspk; i++) {
		free(in->spk[i].label);
		free(in->spk[i].own_case);
	}
	in->nspk = 0;
	str_index_clear(&in->spk_by_label);
	in->pseudo = SIZE_MAX;
	in->nturn = 0;
	strbuf_reset(&in->doc);
}

/* The index of the speaker with this label (NULL: the pseudo-speaker), added when new. */
static size_t speaker_index(struct ingest *in, const char *label)
{
	size_t i = label ? str_index_get(&in->spk_by_label, label) : in->pseudo;

	if (i != SIZE_MAX)
		return i;
	ALLOC_GROW(in->spk, in->nspk + 1, in->spk_alloc);
	memset(&in->spk[in->nspk], 0, sizeof(in->spk[0]));
	if (label) {
		in->spk[in->nspk].label = xstrdup(label);
		str_index_put(&in->spk_by_label, in->spk[in->nspk].label, in->nspk);
	} else {
		in->pseudo = in->nspk;
	}
	return in->nspk++;
}

static int is_listed(const char *label, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(label, list[i]))
			return 1;
	return 0;
}

/* 1 when turns of this role belong to a case at all (braid_turn_case). */
static int role_has_case(const char *role)
{
	return braid_turn_case(role, 1, 1) != BRAID_CASE_NONE;
}

static void case_map_match(struct ingest *in, const char *path)
{
	struct case_map *map = &in->map;
	struct strbuf f = STRBUF_INIT;

	if (!map->nr)
		return;
	for (size_t i = 0; i < in->nspk; i++) {
		const char *label = in->spk[i].label;
		struct map_row *r;
		size_t k;

		if (!label)
			continue;
		if ((r = case_map_get(map, label))) {
			r->used = 1;
			continue;
		}
		strbuf_reset(&f);
		braid_text_fold(label, strlen(label), &f);
		k = str_index_get(&map->by_folded, f.buf);
		if (k != SIZE_MAX && !map->row[k].near) {
			map->row[k].near = xstrdup(label);
			map->row[k].near_file = xstrdup(path);
		}
	}
	strbuf_release(&f);
}

static int case_map_check(struct ingest *in, struct braid_err *err)
{
	const struct case_map *map = &in->map;

	for (size_t i = 0; i < map->nr; i++) {
		const struct map_row *r = &map->row[i];

		if (!r->used && r->near)
			return braid_errorf(err, BRAID_EINVAL,
					    "case map '%s': line %zu: '%s' matches no speaker, but "
					    "'%s' in '%s' differs from it only in letter case: write "
					    "the label as the transcript has it",
					    map->path, r->line, r->label, r->near, r->near_file);
	}
	for (size_t i = 0; i < map->nr; i++) {
		const struct map_row *r = &map->row[i];

		if (!r->used)
			braid_store_msg(in->st, BRAID_MSG_WARNING,
					"case map '%s': line %zu: '%s' matches no speaker of the "
					"files read",
					map->path, r->line, r->label);
		else if (r->near)
			braid_store_msg(in->st, BRAID_MSG_WARNING,
					"case map '%s': line %zu: '%s' in '%s' differs from '%s' only "
					"in letter case and is not mapped",
					map->path, r->line, r->near, r->near_file, r->label);
	}
	return 0;
}

/*
 * --interviewer names labels; when none of them is a speaker of a file with
 * speakers, every speaker would become a participant (the interviewer too,
 * with the participant's case): an error naming what was given and found.
 * A file without speaker labels has no one to mistake.
 */
static int check_interviewers(struct ingest *in, const char *path, struct braid_err *err)
{
	const struct braid_ingest_opts *o = in->o;
	struct strbuf given = STRBUF_INIT, found = STRBUF_INIT;
	size_t labelled = 0;
	int rc;

	if (!o->ninterviewers)
		return 0;
	for (size_t i = 0; i < in->nspk; i++) {
		if (!in->spk[i].label)
			continue;
		if (is_listed(in->spk[i].label, o->interviewers, o->ninterviewers))
			return 0;
		if (labelled++ < 12)
			strbuf_addf(&found, "%s'%s'", found.len ? ", " : "", in->spk[i].label);
	}
	if (!labelled)
		return 0;
	if (labelled > 12)
		strbuf_addf(&found, " and %zu more", labelled - 12);
	for (size_t i = 0; i < o->ninterviewers; i++)
		strbuf_addf(&given, "%s'%s'", i ? ", " : "", o->interviewers[i]);
	rc = braid_errorf(err, BRAID_EINVAL,
			  "cannot read '%s': none of the interviewer labels given (%s) is a speaker "
			  "in it; its speakers are %s",
			  path, given.buf, found.buf);
	strbuf_release(&given);
	strbuf_release(&found);
	return rc;
}

/* Speakers of one file whose labels differ only in letter case ("INT", "Int") are warned of. */
static void warn_case_twins(struct ingest *in, const char *path)
{
	struct str_index seen = { 0 };
	char **folded = xcalloc(in->nspk + 1, sizeof(*folded));

	for (size_t i = 0; i < in->nspk; i++) {
		struct strbuf f = STRBUF_INIT;
		size_t k;

		if (!in->spk[i].label)
			continue;
		braid_text_fold(in->spk[i].label, strlen(in->spk[i].label), &f);
		folded[i] = strbuf_detach(&f, NULL);
		k = str_index_get(&seen, folded[i]);
		if (k == SIZE_MAX)
			str_index_put(&seen, folded[i], i);
		else
			braid_store_msg(in->st, BRAID_MSG_WARNING,
					"'%s': speakers '%s' and '%s' differ only in letter case; "
					"they are kept apart",
					path, in->spk[k].label, in->spk[i].label);
	}
	for (size_t i = 0; i < in->nspk; i++)
		free(folded[i]);
	free(folded);
	str_index_release(&seen);
}

/* Decides roles, kind and cases once all turns of the document are known. */
static const char *assign_roles(struct ingest *in, const char *kind, const char *docname,
				const char *path)
{
	const struct braid_ingest_opts *o = in->o;
	size_t participants = 0;

	for (size_t i = 0; i < in->nspk; i++) {
		struct spk *s = &in->spk[i];

		if (!s->label)
			s->role = "other";
		else if (o->ninterviewers)
			s->role = is_listed(s->label, o->interviewers, o->ninterviewers) ? "interviewer"
											  : "participant";
		else
			s->role = braid_ingest_role(s->label);
		participants += !strcmp(s->role, "participant");
	}
	if (!kind)
		kind = participants == 0 ? "document" : participants >= 3 ? "focus-group" : "interview";
	case_map_match(in, path);
	warn_case_twins(in, path);
	for (size_t i = 0; i < in->nspk; i++) {
		struct spk *s = &in->spk[i];
		const struct map_row *mapped = s->label ? case_map_get(&in->map, s->label) : NULL;

		if (!strcmp(kind, "focus-group") && !strcmp(s->role, "interviewer"))
			s->role = "moderator";
		/* an interviewer's or moderator's turns belong to no case, mapped or not */
		if (!role_has_case(s->role)) {
			if (mapped)
				braid_store_msg(in->st, BRAID_MSG_WARNING,
						"case map '%s': line %zu: '%s' is the %s in '%s', whose "
						"turns belong to no case; the row is not used for it",
						in->map.path, mapped->line, s->label, s->role, path);
			continue;
		}
		if (mapped) {
			s->case_name = mapped->case_name;
		} else if (strcmp(s->role, "participant")) {
			continue;
		} else if (!strcmp(kind, "focus-group")) {
			struct strbuf c = STRBUF_INIT;

			strbuf_addf(&c, "%s:%s", docname, s->label);
			s->own_case = strbuf_detach(&c, NULL);
			s->case_name = s->own_case;
		} else if (o->case_name) {
			s->case_name = o->case_name;
		}
	}
	return kind;
}

/*
 * Lays out the document text: "Label: utterance" per turn, turns separated
 * by a blank line. Each turn's text is let go once copied, so the document
 * is held about once, not twice.
 */
static void build_text(struct ingest *in, struct braid_transcript *t, int labelled)
{
	size_t cp = 0;

	for (size_t i = 0; i < t->nr; i++) {
		struct braid_turn_src *src = &t->turns[i];
		struct turn_pos *tp;

		ALLOC_GROW(in->turn, in->nturn + 1, in->turn_alloc);
		tp = &in->turn[in->nturn++];
		if (i) {
			strbuf_add(&in->doc, "\n\n", 2);
			cp += 2;
		}
		tp->spk = speaker_index(in, labelled ? src->speaker : NULL);
		if (labelled && src->speaker) {
			size_t n = strlen(src->speaker);

			strbuf_add(&in->doc, src->speaker, n);
			strbuf_add(&in->doc, ": ", 2);
			cp += braid_cp_count(src->speaker, n) + 2;
		}
		tp->byte_start = in->doc.len;
		tp->byte_len = src->text.len;
		tp->start = (int64_t)cp;
		strbuf_addbuf(&in->doc, &src->text);
		cp += braid_cp_count(src->text.buf, src->text.len);
		tp->end = (int64_t)cp;
		tp->start_ms = src->start_ms;
		tp->end_ms = src->end_ms;
		tp->words = braid_text_words(src->text.buf, src->text.len);
		strbuf_release(&src->text);
		in->spk[tp->spk].turns++;
		in->spk[tp->spk].words += tp->words;
	}
}

void braid_ingest_hash(const char *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)data);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}

static int step_done(struct ingest *in, sqlite3_stmt *s, struct braid_err *err, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : db_error(in->st, err, what);
}

/* Picks the document name: given, or the file's base name without extension; unique. */
static int choose_name(struct ingest *in, const char *path, struct strbuf *name,
		       struct braid_err *err)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t stem;
	int taken, n = 1;

	if (in->o->name) {
		strbuf_addstr(name, in->o->name);
	} else {
		base = base ? base + 1 : path;
		dot = strrchr(base, '.');
		stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
		strbuf_add(name, base, stem);
	}
	for (;;) {
		db_bind_text(in->name_taken, 1, name->buf, -1);
		if ((taken = db_one(in->st, in->name_taken, "cannot look up a name", err)) < 0)
			return taken;
		sqlite3_reset(in->name_taken);
		if (!taken)
			return 0;
		if (!in->o->force) {
			braid_errorf(err, BRAID_EEXIST,
				     "cannot ingest '%s': a document named '%s' already exists", path,
				     name->buf);
			return braid_err_hint(err, BRAID_HINT_NAME);
		}
		/* --force: keep both, numbering the new one */
		if (n > 1) {
			char *dash = strrchr(name->buf, '-');

			strbuf_setlen(name, (size_t)(dash - name->buf));
		}
		strbuf_addf(name, "-%d", ++n);
	}
}

static int parse_file(struct ingest *in, const char *path, enum braid_format fmt, const char *kind,
		      struct braid_transcript *t, struct braid_err *err)
{
	const struct braid_ingest_opts *o = in->o;
	struct braid_parse_opts po = o->parse;
	int rc;

	strbuf_reset(&in->text);
	if (braid_format_binary(fmt)) {
		struct strbuf xml = STRBUF_INIT;

		rc = braid_office_text(fmt, in->raw.buf, in->raw.len, &xml, err);
		if (!rc)
			rc = braid_text_decode(xml.buf, xml.len, BRAID_ENC_UTF8, &in->text, err);
		strbuf_release(&xml);
	} else {
		rc = braid_text_decode(in->raw.buf, in->raw.len, o->encoding, &in->text, err);
	}
	if (rc)
		return braid_err_prefix(err, "cannot read '%s'", path);
	if (kind && (!strcmp(kind, "document") || !strcmp(kind, "notes")))
		po.no_speakers = 1;
	switch (fmt) {
	case BRAID_FMT_VTT: rc = braid_parse_vtt(in->text.buf, in->text.len, &po, t, err); break;
	case BRAID_FMT_SRT: rc = braid_parse_srt(in->text.buf, in->text.len, &po, t, err); break;
	default: rc = braid_parse_plain(in->text.buf, in->text.len, &po, t, err); break;
	}
	if (rc)
		return braid_err_prefix(err, "cannot read '%s'", path);
	/* No speaker found in a text file: it is a document, paragraphs are its units. */
	if (!po.no_speakers && !kind && (fmt != BRAID_FMT_VTT && fmt != BRAID_FMT_SRT)) {
		int labelled = 0;

		for (size_t i = 0; i < t->nr && !labelled; i++)
			labelled = t->turns[i].speaker != NULL;
		if (!labelled) {
			braid_transcript_release(t);
			po.no_speakers = 1;
			rc = braid_parse_plain(in->text.buf, in->text.len, &po, t, err);
			if (rc)
				return braid_err_prefix(err, "cannot read '%s'", path);
		}
	}
	/* the turns hold the text now */
	strbuf_release(&in->text);
	return 0;
}

static int64_t doc_words(const struct ingest *in)
{
	int64_t words = 0;

	for (size_t i = 0; i < in->nturn; i++)
		words += (int64_t)in->turn[i].words;
	return words;
}

/* The case the document itself is linked to (--case; focus groups link their speakers). */
static int doc_case(struct ingest *in, const char *kind, int64_t *case_id, struct braid_err *err)
{
	*case_id = 0;
	if (in->o->case_name && strcmp(kind, "focus-group"))
		return braid_store_case(in->st, in->o->case_name, 1, case_id, err);
	return 0;
}

/* The document's speakers, turns and turn texts, and the search index (fts.c). */
static int store_parts(struct ingest *in, int64_t doc_id, struct braid_err *err)
{
	int rc;

	for (size_t i = 0; i < in->nspk; i++) {
		struct spk *s = &in->spk[i];
		int64_t spk_case = 0;

		if (s->case_name && (rc = braid_store_case(in->st, s->case_name, 1, &spk_case, err)))
			return rc;
		sqlite3_bind_int64(in->ins_spk, 1, doc_id);
		sqlite3_bind_text(in->ins_spk, 2, s->label ? s->label : BRAID_PSEUDO_SPEAKER, -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(in->ins_spk, 3, s->role, -1, SQLITE_STATIC);
		if (spk_case)
			sqlite3_bind_int64(in->ins_spk, 4, spk_case);
		if ((rc = step_done(in, in->ins_spk, err, "cannot store a speaker")))
			return rc;
		s->id = sqlite3_last_insert_rowid(braid_store_db(in->st));
	}
	for (size_t i = 0; i < in->nturn; i++) {
		const struct turn_pos *tp = &in->turn[i];
		int64_t turn_id;

		sqlite3_bind_int64(in->ins_turn, 1, doc_id);
		sqlite3_bind_int64(in->ins_turn, 2, (int64_t)i + 1);
		sqlite3_bind_int64(in->ins_turn, 3, in->spk[tp->spk].id);
		sqlite3_bind_int64(in->ins_turn, 4, tp->start);
		sqlite3_bind_int64(in->ins_turn, 5, tp->end);
		if (tp->start_ms != BRAID_NO_TIME)
			sqlite3_bind_int64(in->ins_turn, 6, tp->start_ms);
		if (tp->end_ms != BRAID_NO_TIME)
			sqlite3_bind_int64(in->ins_turn, 7, tp->end_ms);
		sqlite3_bind_int64(in->ins_turn, 8, (int64_t)tp->words);
		if ((rc = step_done(in, in->ins_turn, err, "cannot store a turn")))
			return rc;
		turn_id = sqlite3_last_insert_rowid(braid_store_db(in->st));
		sqlite3_bind_int64(in->ins_text, 1, turn_id);
		sqlite3_bind_text(in->ins_text, 2, in->doc.buf + tp->byte_start, (int)tp->byte_len,
				  SQLITE_STATIC);
		if ((rc = step_done(in, in->ins_text, err, "cannot store a turn")))
			return rc;
		/* the search index (fts.c), through a statement prepared once */
		sqlite3_bind_int64(in->ins_fts, 1, turn_id);
		sqlite3_bind_text(in->ins_fts, 2, in->doc.buf + tp->byte_start, (int)tp->byte_len,
				  SQLITE_STATIC);
		if ((rc = step_done(in, in->ins_fts, err, "cannot index a turn")))
			return rc;
		/* a document of a million turns is recorded in chunks too, not held whole */
		if ((rc = braid_change_checkpoint(in->st, tp->byte_len + 64, err)))
			return rc;
	}
	return 0;
}

static int store_doc(struct ingest *in, const char *path, const char *name, const char *kind,
		     enum braid_format fmt, const char *hash, struct braid_err *err)
{
	const struct braid_ingest_opts *o = in->o;
	int64_t case_id;
	int rc;

	if ((rc = doc_case(in, kind, &case_id, err)))
		return rc;
	sqlite3_bind_text(in->ins_doc, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(in->ins_doc, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(in->ins_doc, 3, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(in->ins_doc, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(in->ins_doc, 5, braid_format_name(fmt), -1, SQLITE_STATIC);
	db_bind_text(in->ins_doc, 6, o->language, -1);
	sqlite3_bind_int64(in->ins_doc, 7, (int64_t)braid_cp_count(in->doc.buf, in->doc.len));
	sqlite3_bind_int64(in->ins_doc, 8, doc_words(in));
	if (case_id)
		sqlite3_bind_int64(in->ins_doc, 9, case_id);
	if ((rc = step_done(in, in->ins_doc, err, "cannot store the document")))
		return rc;
	return store_parts(in, sqlite3_last_insert_rowid(braid_store_db(in->st)), err);
}

/*
 * Decodes and parses the bytes in in->raw (a file's, or a text's: see
 * ingest_text_parse) and lays out the document text (in->doc, turns and
 * speakers in in); *hash is the SHA-256 of the text. kind NULL: guessed.
 */
static int lay_out(struct ingest *in, const char *path, const char *kind,
		   struct braid_transcript *t, enum braid_format fmt, char hash[65],
		   struct braid_err *err)
{
	int rc, labelled = 0;

	rc = parse_file(in, path, fmt, kind, t, err);
	/* the turns hold the text now: let go of the file before the document is laid out */
	in->raw_bytes = in->raw.len;
	strbuf_release(&in->raw);
	if (rc)
		return rc;
	if (!t->nr)
		return braid_errorf(err, BRAID_EPARSE, "cannot read '%s': no text in it", path);
	for (size_t i = 0; i < t->nr && !labelled; i++)
		labelled = t->turns[i].speaker != NULL;
	build_text(in, t, labelled);
	braid_ingest_hash(in->doc.buf, in->doc.len, hash);
	/* the document's text is all that is needed from here */
	braid_transcript_release(t);
	return 0;
}

/* Reads one file and lays out its text (lay_out); *fmt: as given, else detected. */
static int load_file(struct ingest *in, const char *path, const char *kind,
		     struct braid_transcript *t, enum braid_format *fmt, char hash[65],
		     struct braid_err *err)
{
	reset_doc(in);
	strbuf_reset(&in->raw);
	if (strbuf_read_file(&in->raw, path) < 0)
		return braid_errorf(err, BRAID_EIO, "cannot read '%s': %s", path, strerror(errno));
	*fmt = in->o->format ? in->o->format : braid_format_detect(path, in->raw.buf, in->raw.len);
	return lay_out(in, path, kind, t, *fmt, hash, err);
}

/* Hands the summary of the document just stored to the caller's callback. */
static void summarise(struct ingest *in, const char *path, const char *name, const char *kind,
		      enum braid_format fmt, braid_ingest_cb cb, void *cb_ctx)
{
	struct braid_ingest_summary s = {
		.path = path, .name = name, .kind = kind, .format = fmt,
		.turns = in->nturn, .bytes = in->raw_bytes,
		.chars = braid_cp_count(in->doc.buf, in->doc.len),
	};
	struct braid_ingest_speaker *sum_spk;

	if (!cb)
		return;
	sum_spk = xcalloc(in->nspk + 1, sizeof(*sum_spk));
	for (size_t i = 0; i < in->nspk; i++) {
		sum_spk[i].label = in->spk[i].label ? in->spk[i].label : BRAID_PSEUDO_SPEAKER;
		sum_spk[i].role = in->spk[i].role;
		sum_spk[i].case_name = in->spk[i].case_name;
		sum_spk[i].turns = in->spk[i].turns;
		sum_spk[i].words = in->spk[i].words;
		s.words += in->spk[i].words;
	}
	s.speakers = sum_spk;
	s.nspeakers = in->nspk;
	cb(&s, cb_ctx);
	free(sum_spk);
}

static int ingest_one(struct ingest *in, const char *path, braid_ingest_cb cb, void *cb_ctx,
		      struct braid_err *err)
{
	const struct braid_ingest_opts *o = in->o;
	struct braid_transcript t;
	struct strbuf name = STRBUF_INIT;
	enum braid_format fmt = BRAID_FMT_UNKNOWN;
	const char *kind = o->kind;
	char hash[65];
	int rc;

	braid_transcript_init(&t);
	if ((rc = load_file(in, path, kind, &t, &fmt, hash, err)))
		goto out;
	sqlite3_bind_text(in->dup, 1, hash, -1, SQLITE_STATIC);
	if ((rc = db_one(in->st, in->dup, "cannot look up a document", err)) < 0)
		goto out;
	if (rc == 1 && o->skip_existing) {
		struct braid_ingest_summary sum = { .path = path, .name = db_col_text(in->dup, 0),
						    .skipped_as = db_col_text(in->dup, 0) };

		case_map_match(in, path);
		if (cb)
			cb(&sum, cb_ctx);
		sqlite3_reset(in->dup);
		rc = 0;
		goto out;
	}
	if (rc == 1 && !o->force) {
		braid_errorf(err, BRAID_EEXIST,
			     "cannot ingest '%s': it has the same content as document '%s'", path,
			     db_col_text(in->dup, 0));
		rc = braid_err_hint(err, BRAID_HINT_SKIP_OR_FORCE);
		sqlite3_reset(in->dup);
		goto out;
	}
	sqlite3_reset(in->dup);
	rc = choose_name(in, path, &name, err);
	if (rc)
		goto out;
	if ((rc = check_interviewers(in, path, err)))
		goto out;
	kind = assign_roles(in, kind, name.buf, path);
	rc = store_doc(in, path, name.buf, kind, fmt, hash, err);
	if (!rc) {
		braid_change_note(in->st, "%s <- %s (%s, %zu turns, %lld words)", name.buf, path,
				  braid_format_name(fmt), in->nturn, (long long)doc_words(in));
		/* one file's rows in memory at a time */
		rc = braid_change_checkpoint(in->st, in->doc.len, err);
	}
	if (rc) {
		braid_err_prefix(err, "cannot ingest '%s'", path);
		goto out;
	}
	summarise(in, path, name.buf, kind, fmt, cb, cb_ctx);
out:
	strbuf_release(&name);
	braid_transcript_release(&t);
	return rc;
}

/* What one braid_ingest or braid_ingest_replace call holds: statements, buffers, the map. */
static void ingest_release(struct ingest *in)
{
	sqlite3_finalize(in->dup);
	sqlite3_finalize(in->name_taken);
	sqlite3_finalize(in->ins_doc);
	sqlite3_finalize(in->ins_spk);
	sqlite3_finalize(in->ins_turn);
	sqlite3_finalize(in->ins_text);
	sqlite3_finalize(in->ins_fts);
	reset_doc(in);
	free(in->spk);
	str_index_release(&in->spk_by_label);
	free(in->turn);
	case_map_release(&in->map);
	strbuf_release(&in->raw);
	strbuf_release(&in->text);
	strbuf_release(&in->doc);
}

static int prepare_all(struct ingest *in, struct braid_err *err)
{
	static const struct {
		size_t off;
		const char *sql;
	} stmts[] = {
		{ offsetof(struct ingest, dup), "SELECT name FROM documents WHERE hash = ?" },
		{ offsetof(struct ingest, name_taken), "SELECT 1 FROM documents WHERE name = ?" },
		{ offsetof(struct ingest, ins_doc),
		  "INSERT INTO documents(name, kind, source, hash, format, language, chars,"
		  " words, case_id) VALUES (?,?,?,?,?,?,?,?,?)" },
		{ offsetof(struct ingest, ins_spk),
		  "INSERT INTO speakers(doc_id, label, role, case_id) VALUES (?,?,?,?)" },
		{ offsetof(struct ingest, ins_turn),
		  "INSERT INTO turns(doc_id, idx, speaker_id, start_cp, end_cp, start_ms, end_ms,"
		  " words) VALUES (?,?,?,?,?,?,?,?)" },
		{ offsetof(struct ingest, ins_text), "INSERT INTO turn_texts(id, text) VALUES (?, ?)" },
		{ offsetof(struct ingest, ins_fts), "INSERT INTO turns_fts(rowid, text) VALUES (?, ?)" },
	};

	for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		sqlite3_stmt **s = (sqlite3_stmt **)((char *)in + stmts[i].off);

		if (db_prepare(in->st, stmts[i].sql, s, err))
			return err ? err->code : BRAID_EDB;
	}
	return 0;
}

static int check_opts(const struct braid_ingest_opts *o, size_t npaths, struct braid_err *err)
{
	int rc;

	if (o->kind && (rc = braid_vocab_require(&braid_vocab_doc_kind, o->kind, err)) < 0)
		return rc;
	if (o->name && npaths != 1)
		return braid_errorf(err, BRAID_EINVAL, "a document name fits only one file");
	if (o->force && o->skip_existing)
		return braid_errorf(err, BRAID_EINVAL,
				    "content already in the project is either added again or skipped, "
				    "not both");
	return 0;
}

int braid_ingest(struct braid_store *st, const char *const *paths, size_t npaths,
		 const struct braid_ingest_opts *o, braid_ingest_cb cb, void *cb_ctx,
		 struct braid_err *err)
{
	struct ingest in = { .st = st, .o = o };
	struct braid_progress pr = { .what = "ingest", .items_total = npaths };
	int rc;

	strbuf_init(&in.raw, 0);
	strbuf_init(&in.text, 0);
	strbuf_init(&in.doc, 0);
	rc = check_opts(o, npaths, err);
	for (size_t i = 0; !rc && i < npaths; i++) {
		struct stat sb;

		if (stat(paths[i], &sb) != 0)
			rc = braid_errorf(err, BRAID_EIO, "cannot read '%s': %s", paths[i],
					  strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			rc = braid_errorf(err, BRAID_EIO, "cannot read '%s': is a directory",
					  paths[i]);
		else
			pr.bytes_total += (uint64_t)sb.st_size;
	}
	if (!rc && o->case_map)
		rc = load_case_map(&in.map, o->case_map, err);
	if (!rc)
		rc = prepare_all(&in, err);
	for (size_t i = 0; !rc && i < npaths; i++) {
		pr.item = paths[i];
		rc = ingest_one(&in, paths[i], cb, cb_ctx, err);
		pr.items_done = i + 1;
		pr.bytes_done += in.raw.len;
		pr.finished = i + 1 == npaths;
		if (!rc && o->progress)
			o->progress(&pr, o->progress_ctx);
	}
	if (!rc)
		rc = case_map_check(&in, err);
	ingest_release(&in);
	return rc;
}

/* ---- a text in memory (ingestint.h) ---- */

/* Everything guessed, as 'braid ingest FILE.txt' without options has it. */
static const struct braid_ingest_opts text_opts;

int ingest_text_open(struct braid_store *st, struct ingest **out, struct braid_err *err)
{
	struct ingest *in = xcalloc(1, sizeof(*in));
	int rc;

	in->st = st;
	in->o = &text_opts;
	strbuf_init(&in->raw, 0);
	strbuf_init(&in->text, 0);
	strbuf_init(&in->doc, 0);
	if ((rc = prepare_all(in, err))) {
		ingest_text_close(in);
		return rc;
	}
	*out = in;
	return 0;
}

int ingest_text_parse(struct ingest *in, const char *text, size_t len, const char *name,
		      const char **kind, int64_t *words)
{
	struct braid_err scratch = BRAID_ERR_INIT;
	struct braid_transcript t;
	char hash[65];
	int same;

	reset_doc(in);
	strbuf_reset(&in->raw);
	strbuf_add(&in->raw, text, len);
	braid_transcript_init(&t);
	/* a text the parser refuses is not braid's rendering either: no error */
	same = !lay_out(in, name, NULL, &t, BRAID_FMT_TEXT, hash, &scratch) &&
	       in->doc.len == len && !memcmp(in->doc.buf, text, len);
	braid_transcript_release(&t);
	if (!same)
		return 0;
	*kind = assign_roles(in, NULL, name, name);
	*words = doc_words(in);
	return 1;
}

int ingest_text_store(struct ingest *in, int64_t doc_id, struct braid_err *err)
{
	return store_parts(in, doc_id, err);
}

void ingest_text_close(struct ingest *in)
{
	if (!in)
		return;
	ingest_release(in);
	free(in);
}

/* ---- replacing a document's text ---- */

/* What the document is now. */
struct old_doc {
	char *name, *kind, *case_name, *language, *hash;
	int64_t chars;
};

static void old_doc_release(struct old_doc *od)
{
	free(od->name);
	free(od->kind);
	free(od->case_name);
	free(od->language);
	free(od->hash);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int load_old_doc(struct braid_store *st, int64_t id, struct old_doc *od,
			struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     "SELECT d.name, d.kind, c.name, d.language, d.hash, d.chars"
			     " FROM documents d LEFT JOIN cases c ON c.id = d.case_id WHERE d.id = ?",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read the document", err);
	if (rc == 1) {
		od->name = xstrdup(db_col_text(s, 0));
		od->kind = xstrdup(db_col_text(s, 1));
		od->case_name = dup_or_null(db_col_null(s, 2));
		od->language = dup_or_null(db_col_null(s, 3));
		od->hash = xstrdup(db_col_text(s, 4));
		od->chars = sqlite3_column_int64(s, 5);
		sqlite3_reset(s);
		rc = 0;
	} else if (rc == 0) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no document %lld", (long long)id);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Byte offset of every code point of s, and of its end: (*off)[0..ncp]. */
static size_t cp_offsets(const char *s, size_t len, size_t **off)
{
	size_t n = 0;

	*off = xmalloc((len + 1) * sizeof(**off));
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			(*off)[n++] = i;
	(*off)[n] = len;
	return n;
}

static void text_at(const char *text, const size_t *off, int64_t s, int64_t e, char **out)
{
	*out = xstrndup(text + off[s], off[e] - off[s]);
}

/* Adds a coding to one of the report's lists, with its code's id and coder's name (names: ?1, ?2). */
static int report_add(struct braid_replaced_coding **v, size_t *n, const struct braid_coding_move *g,
		      sqlite3_stmt *names, const char *old_text, const size_t *ooff,
		      const char *new_text, const size_t *noff, struct braid_store *st,
		      struct braid_err *err)
{
	struct braid_replaced_coding *r;
	int rc;

	sqlite3_bind_int64(names, 1, g->code_id);
	sqlite3_bind_int64(names, 2, g->coder_id);
	if ((rc = db_one(st, names, "cannot read a coding's code", err)) < 0)
		return rc;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	r = &(*v)[(*n)++];
	memset(r, 0, sizeof(*r));
	r->id = g->id;
	r->code = xstrdup(rc ? db_col_text(names, 0) : "?");
	r->coder = xstrdup(rc ? db_col_text(names, 1) : "?");
	sqlite3_reset(names);
	r->old_start = g->start;
	r->old_end = g->end;
	r->start = g->ns;
	r->end = g->ne;
	r->into = g->into;
	text_at(old_text, ooff, g->start, g->end, &r->old_text);
	if (!g->deleted)
		text_at(new_text, noff, g->ns, g->ne, &r->text);
	return 0;
}
static void report_free_list(struct braid_replaced_coding *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].code);
		free(v[i].coder);
		free(v[i].old_text);
		free(v[i].text);
	}
	free(v);
}

void braid_replace_report_release(struct braid_replace_report *r)
{
	report_free_list(r->changed, r->nchanged);
	report_free_list(r->removed, r->nremoved);
	report_free_list(r->merged, r->nmerged);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

/*
 * Carries the document's codings through the diff: fates and new spans,
 * texts for the report, then the writes (see braid_ingest_replace on the
 * two chunks).
 */
static int carry_codings(struct ingest *in, int64_t doc_id, const struct braid_diff *d,
			 const struct strbuf *old_text, struct braid_replace_report *rep,
			 struct braid_err *err)
{
	struct braid_store *st = in->st;
	struct braid_coding_move *v = NULL;
	enum braid_diff_fate *fate = NULL;
	size_t *ooff = NULL, *noff = NULL, ocp, ncp, n = 0;
	sqlite3_stmt *names = NULL;
	int rc;

	ocp = cp_offsets(old_text->buf, old_text->len, &ooff);
	ncp = cp_offsets(in->doc.buf, in->doc.len, &noff);
	if ((rc = braid_coding_moves_load(st, doc_id, &v, &n, err)) ||
	    (rc = db_prepare(st,
			     "SELECT k.slug, cd.name FROM codes k, coders cd WHERE k.id = ?1"
			     " AND cd.id = ?2",
			     &names, err)))
		goto out;
	fate = xcalloc(n + 1, sizeof(*fate));
	for (size_t i = 0; i < n; i++) {
		struct braid_coding_move *g = &v[i];
		size_t ns = 0, ne = 0;

		/* a span past the end of the text (none should be) keeps what is inside */
		if (g->end > (int64_t)ocp)
			g->end = (int64_t)ocp;
		if (g->start > g->end)
			g->start = g->end;
		fate[i] = braid_diff_span(d, (size_t)g->start, (size_t)g->end, &ns, &ne);
		g->deleted = fate[i] == BRAID_DIFF_DELETED;
		g->ns = (int64_t)ns;
		g->ne = (int64_t)ne;
		if (g->ne > (int64_t)ncp) /* cannot happen: the diff maps inside the new text */
			g->ns = g->ne = (int64_t)ncp;
	}
	braid_coding_moves_fold(v, n);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct braid_coding_move *g = &v[i];

		if (g->deleted)
			rc = report_add(&rep->removed, &rep->nremoved, g, names, old_text->buf, ooff,
					in->doc.buf, noff, st, err);
		else if (g->into)
			rc = report_add(&rep->merged, &rep->nmerged, g, names, old_text->buf, ooff,
					in->doc.buf, noff, st, err);
		else if (fate[i] == BRAID_DIFF_EDITED &&
			 (ooff[g->end] - ooff[g->start] != noff[g->ne] - noff[g->ns] ||
			  memcmp(old_text->buf + ooff[g->start], in->doc.buf + noff[g->ns],
				 ooff[g->end] - ooff[g->start])))
			rc = report_add(&rep->changed, &rep->nchanged, g, names, old_text->buf, ooff,
					in->doc.buf, noff, st, err);
		else
			rep->unchanged++;
	}
	/* the codings left belong to the new text (documents.rev, store.c); then the moves */
	if (!rc)
		rc = db_run_ids(st,
				"UPDATE codings SET doc_rev = (SELECT rev FROM documents WHERE id = ?1)"
				" WHERE doc_id = ?1",
				doc_id, 0, "cannot move the codings", err);
	if (!rc)
		rc = braid_coding_moves_apply(st, v, n, err);
	/* what went with the removed codings, and the memos the folded ones handed on */
	for (size_t i = 0, r = 0, m = 0; !rc && i < n; i++) {
		if (v[i].deleted) {
			rep->removed[r].memos = v[i].memos;
			rep->removed[r++].quotes = v[i].quotes;
			rep->memos_removed += v[i].memos;
			rep->quotes_removed += v[i].quotes;
		} else if (v[i].into) {
			rep->merged[m++].memos = v[i].memos;
		}
	}
out:
	sqlite3_finalize(names);
	free(v);
	free(fate);
	free(ooff);
	free(noff);
	return rc;
}

/* The audit note: "replaced the text of int1 <- int1.txt (...): codings 3 unchanged, ..." */
static void note_replace(struct ingest *in, const char *name, const char *path,
			 enum braid_format fmt, const struct braid_replace_report *rep)
{
	struct strbuf sb = STRBUF_INIT;
	struct braid_ids ids = { 0 };

	strbuf_addf(&sb, "replaced the text of %s <- %s (%s, %zu turns, %lld words; %lld -> %lld "
			 "characters): codings %zu unchanged",
		    name, path, braid_format_name(fmt), in->nturn, (long long)doc_words(in),
		    (long long)rep->old_chars, (long long)rep->new_chars, rep->unchanged);
	strbuf_addf(&sb, ", %zu changed", rep->nchanged);
	for (size_t i = 0; i < rep->nchanged; i++)
		braid_ids_add(&ids, rep->changed[i].id);
	if (ids.n) {
		strbuf_addstr(&sb, " (");
		braid_ids_ranges(&ids, 400, &sb);
		strbuf_addch(&sb, ')');
	}
	braid_ids_release(&ids);
	strbuf_addf(&sb, ", %zu removed", rep->nremoved);
	for (size_t i = 0; i < rep->nremoved; i++)
		braid_ids_add(&ids, rep->removed[i].id);
	if (ids.n) {
		strbuf_addstr(&sb, " (");
		braid_ids_ranges(&ids, 400, &sb);
		if (rep->memos_removed)
			strbuf_addf(&sb, "; with %zu memo%s", rep->memos_removed,
				    rep->memos_removed == 1 ? "" : "s");
		if (rep->quotes_removed)
			strbuf_addf(&sb, "; with %zu exemplar quote%s", rep->quotes_removed,
				    rep->quotes_removed == 1 ? "" : "s");
		strbuf_addch(&sb, ')');
	}
	braid_ids_release(&ids);
	strbuf_addf(&sb, ", %zu merged", rep->nmerged);
	for (size_t i = 0; i < rep->nmerged && i < 20; i++)
		strbuf_addf(&sb, "%s#%lld into #%lld", i ? ", " : " (", (long long)rep->merged[i].id,
			    (long long)rep->merged[i].into);
	if (rep->nmerged)
		strbuf_addstr(&sb, rep->nmerged > 20 ? ", ...)" : ")");
	if (rep->capped)
		strbuf_addstr(&sb, "; a long rewritten stretch was compared as a whole");
	braid_change_note(in->st, "%s", sb.buf);
	strbuf_release(&sb);
}

static int replace_doc(struct ingest *in, int64_t doc_id, const struct old_doc *od,
		       const char *path, braid_ingest_cb cb, void *cb_ctx,
		       struct braid_replace_report *rep, struct braid_err *err)
{
	struct braid_store *st = in->st;
	struct braid_transcript t;
	struct braid_diff d;
	struct strbuf old_text = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	enum braid_format fmt = BRAID_FMT_UNKNOWN;
	const char *kind = in->o->kind;
	int64_t case_id = 0;
	char hash[65];
	int rc;

	braid_transcript_init(&t);
	braid_diff_init(&d);
	if ((rc = load_file(in, path, kind, &t, &fmt, hash, err)))
		goto out;
	rep->old_chars = od->chars;
	rep->new_chars = (int64_t)braid_cp_count(in->doc.buf, in->doc.len);
	if (!strcmp(hash, od->hash)) {
		rep->same = 1;
		rep->new_chars = od->chars;
		goto out;
	}
	/* the same content as another document: as ingest would, unless forced */
	if ((rc = db_prepare(st, "SELECT name FROM documents WHERE hash = ? AND id != ?", &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, doc_id);
	if ((rc = db_one(st, s, "cannot look up a document", err)) < 0)
		goto out;
	if (rc == 1 && !in->o->force) {
		braid_errorf(err, BRAID_EEXIST,
			     "cannot read '%s' into '%s': it has the same content as document '%s'",
			     path, od->name, db_col_text(s, 0));
		rc = braid_err_hint(err, BRAID_HINT_FORCE);
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = check_interviewers(in, path, err)))
		goto out;
	kind = assign_roles(in, kind, od->name, path);
	if ((rc = braid_corpus_text_of(st, doc_id, &old_text, err)) ||
	    (rc = braid_diff_texts(old_text.buf, old_text.len, in->doc.buf, in->doc.len, &d, err)))
		goto out;
	rep->capped = d.capped;
	/*
	 * the old parts out, dependants first (no cascades: the record holds every
	 * row), the search index before the texts it needs to forget them
	 */
	rc = fts_unindex_doc(st, doc_id, err);
	if (!rc)
		rc = db_run_ids(st,
				"DELETE FROM turn_texts WHERE id IN (SELECT id FROM turns WHERE doc_id = ?1)",
				doc_id, 0, "cannot remove the old turns", err);
	if (!rc)
		rc = db_run_ids(st, "DELETE FROM turns WHERE doc_id = ?1", doc_id, 0,
				"cannot remove the old turns", err);
	if (!rc)
		rc = db_run_ids(st, "DELETE FROM speakers WHERE doc_id = ?1", doc_id, 0,
				"cannot remove the old speakers", err);
	if (!rc)
		rc = store_parts(in, doc_id, err);
	if (!rc)
		rc = doc_case(in, kind, &case_id, err);
	if (!rc)
		rc = db_prepare(st,
				"UPDATE documents SET kind = ?2, source = ?3, hash = ?4, format = ?5,"
				" language = ?6, chars = ?7, words = ?8, case_id = ?9, rev = rev + 1"
				" WHERE id = ?1",
				&s, err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, doc_id);
		sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, braid_format_name(fmt), -1, SQLITE_STATIC);
		db_bind_text(s, 6, in->o->language, -1);
		sqlite3_bind_int64(s, 7, rep->new_chars);
		sqlite3_bind_int64(s, 8, doc_words(in));
		if (case_id)
			sqlite3_bind_int64(s, 9, case_id);
		rc = db_done(st, s, "cannot update the document", err);
	}
	if (!rc)
		rc = carry_codings(in, doc_id, &d, &old_text, rep, err);
	if (!rc) {
		note_replace(in, od->name, path, fmt, rep);
		summarise(in, path, od->name, kind, fmt, cb, cb_ctx);
	}
out:
	if (rc && err && !strstr(err->msg, path))
		braid_err_prefix(err, "cannot read '%s' into '%s'", path, od->name);
	sqlite3_finalize(s);
	strbuf_release(&old_text);
	braid_diff_release(&d);
	braid_transcript_release(&t);
	return rc;
}

int braid_ingest_replace(struct braid_store *st, const char *doc, const char *path,
			 const struct braid_ingest_opts *o, braid_ingest_cb cb, void *cb_ctx,
			 struct braid_replace_report *rep, struct braid_err *err)
{
	struct braid_ingest_opts eo = *o;
	struct ingest in = { .st = st, .o = &eo };
	struct old_doc od = { 0 };
	int64_t doc_id = 0;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (o->name)
		return braid_errorf(err, BRAID_EINVAL,
				    "a replaced document keeps its name: no new name ('%s') with it",
				    o->name);
	if ((rc = check_opts(o, 1, err)) || (rc = braid_doc_find(st, doc, &doc_id, err)) ||
	    (rc = load_old_doc(st, doc_id, &od, err)))
		goto out;
	rep->doc_id = doc_id;
	rep->name = xstrdup(od.name);
	/* what the options do not say, the document keeps */
	if (!eo.kind)
		eo.kind = od.kind;
	if (!eo.case_name)
		eo.case_name = od.case_name;
	if (!eo.language)
		eo.language = od.language;
	strbuf_init(&in.raw, 0);
	strbuf_init(&in.text, 0);
	strbuf_init(&in.doc, 0);
	if (eo.case_map)
		rc = load_case_map(&in.map, eo.case_map, err);
	if (!rc)
		rc = prepare_all(&in, err);
	if (!rc)
		rc = replace_doc(&in, doc_id, &od, path, cb, cb_ctx, rep, err);
	if (!rc && !rep->same)
		rc = case_map_check(&in, err);
	ingest_release(&in);
out:
	old_doc_release(&od);
	return rc;
}

/* ---- which files to ingest ---- */

static void paths_add(struct braid_paths *p, const char *path)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n++] = xstrdup(path);
}

void braid_paths_release(struct braid_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = p->excluded = 0;
}

int braid_ingest_is_transcript(const char *name)
{
	static const char *const ext[] = { ".txt", ".md", ".markdown", ".vtt", ".srt", ".docx", ".odt" };
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t m = strlen(ext[i]);

		if (n > m && !strcasecmp(name + n - m, ext[i]))
			return 1;
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* 1 when an exclude pattern matches the path or its last component. */
static int excluded(struct braid_paths *p, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(path);
	char *trimmed = NULL;
	int hit = 0;

	/* "dir/" names the directory "dir" */
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (path[n]) {
		trimmed = xstrndup(path, n);
		path = trimmed;
		base = strrchr(path, '/');
	}
	base = base ? base + 1 : path;
	for (size_t i = 0; !hit && i < p->nexclude; i++)
		hit = !fnmatch(p->exclude[i], base, 0) || !fnmatch(p->exclude[i], path, 0);
	free(trimmed);
	p->excluded += hit;
	return hit;
}

static int expand(struct braid_paths *p, const char *path, int depth, struct braid_err *err)
{
	struct braid_paths names = { 0 };
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if (excluded(p, path))
		return 0;
	if (!is_dir(path)) {
		paths_add(p, path);
		return 0;
	}
	if (depth > 32)
		return braid_errorf(err, BRAID_EIO, "cannot read directory '%s': too deep", path);
	if (!(d = opendir(path)))
		return braid_errorf(err, BRAID_EIO, "cannot read directory '%s': %s", path,
				    strerror(errno));
	while ((de = readdir(d))) {
		struct strbuf full = STRBUF_INIT;

		if (de->d_name[0] == '.')
			continue;
		strbuf_addf(&full, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
			    de->d_name);
		if (braid_ingest_is_transcript(de->d_name) || is_dir(full.buf))
			paths_add(&names, full.buf);
		strbuf_release(&full);
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(char *), name_cmp);
	for (size_t i = 0; !rc && i < names.n; i++)
		rc = expand(p, names.v[i], depth + 1, err);
	braid_paths_release(&names);
	return rc;
}

int braid_ingest_paths(struct braid_paths *p, const char *path, struct braid_err *err)
{
	return expand(p, path, 0, err);
}

int braid_ingest_paths_list(struct braid_paths *p, FILE *list, const char *name,
			    struct braid_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while (!rc && (n = getline(&line, &cap, list)) > 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n)
			rc = expand(p, line, 0, err);
	}
	free(line);
	if (!rc && ferror(list))
		rc = braid_errorf(err, BRAID_EIO, "cannot read file list '%s': %s", name,
				  strerror(errno));
	return rc;
}
