/*
 * refi.c - the REFI-QDA XML (project.qde, .qdc) read into struct
 * braid_refi_project and checked whole before anything is written
 * (refi.h). The XML is streamed through the office reader (formats/office.h:
 * no network, no DTD loaded, no entity substituted, libxml2's errors kept
 * with their line and column); a DOCTYPE is refused outright, since REFI
 * files never carry one and it is where billion-laughs entities live.
 *
 * Every element lands in one place: a structure braid models, or the count
 * of unmodelled elements by kind, so that the import can say what it left.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha1.h>

#include "braid/alloc.h"
#include "braid/refi.h"
#include "braid/strbuf.h"
#include "formats/office.h"
#include "refiint.h"

/* What the element being read is; its children are read by this. */
enum frame_kind {
	F_PROJECT, F_USERS, F_CODEBOOK, F_CODES, F_CODE, F_VARIABLES, F_VARIABLE, F_CASES,
	F_CASE, F_VALUE, F_SOURCES, F_SOURCE, F_SELECTION, F_CODING, F_NOTES, F_NOTE,
	F_TEXT,	 /* text content into *text */
	F_LEAF,	 /* an element read from its attributes alone */
	F_SKIP,	 /* unmodelled: counted when entered, its inside skipped */
	F_GROUP, /* Links, Sets, Graphs: each child counted by its name and skipped */
};

struct frame {
	enum frame_kind kind;
	size_t idx;	   /* the structure's index */
	char **text;	   /* F_TEXT: where the text goes */
	const char *skipped; /* F_SKIP: the kind counted, to name codings inside */
};

struct parser {
	struct braid_refi_project *p;
	xmlTextReaderPtr r;
	const char *file;
	struct frame *stack;
	size_t depth, alloc;
	struct strbuf text;
	struct braid_err *err;
	int failed; /* err holds our own message (else libxml2 stopped the read) */
};

/* The line of the node being read (the parser itself may be lines ahead). */
static int line_of(struct parser *ps)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(ps->r);
	long line = n ? xmlGetLineNo(n) : -1;

	return line > 0 ? (int)line : xmlTextReaderGetParserLineNumber(ps->r);
}

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *ps, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	braid_errorf(ps->err, BRAID_EPARSE, "%s: line %d: %s", ps->file, line_of(ps), sb.buf);
	strbuf_release(&sb);
	ps->failed = 1;
	return BRAID_EPARSE;
}

static char *attr(struct parser *ps, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(ps->r, BAD_CAST name);
	char *s;

	if (!v)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static int is_guid(const char *s)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };
	size_t n = strlen(s);

	if (n == 38 && s[0] == '{' && s[37] == '}')
		s++;
	else if (n != 36)
		return 0;
	for (size_t g = 0; g < 5; g++) {
		for (int i = 0; i < groups[g]; i++, s++)
			if (!isxdigit((unsigned char)*s))
				return 0;
		if (g < 4 && *s++ != '-')
			return 0;
	}
	return 1;
}

/* A GUID attribute in braid's spelling: lowercase, without braces. */
static int guid_attr(struct parser *ps, const char *elem, const char *name, int required,
		     char **out)
{
	char *v = attr(ps, name);

	*out = NULL;
	if (!v)
		return required ? fail(ps, "%s has no %s (it is required)", elem, name) : 0;
	if (!is_guid(v)) {
		int rc = fail(ps, "%s %s '%s' is not a GUID", elem, name, v);

		free(v);
		return rc;
	}
	if (v[0] == '{') {
		memmove(v, v + 1, 36);
		v[36] = '\0';
	}
	for (char *c = v; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	*out = v;
	return 0;
}

static void count_unmodelled(struct braid_refi_project *p, const char *kind)
{
	for (size_t i = 0; i < p->n_unmodelled; i++)
		if (!strcmp(p->unmodelled[i].kind, kind)) {
			p->unmodelled[i].n++;
			return;
		}
	ALLOC_GROW(p->unmodelled, p->n_unmodelled + 1, p->alloc_unmodelled);
	p->unmodelled[p->n_unmodelled++] = (struct braid_refi_unmodelled){ xstrdup(kind), 1 };
}

static int add_ref(struct parser *ps, char *guid, enum braid_refi_target to, const char *elem)
{
	struct braid_refi_project *p = ps->p;

	if (!guid)
		return 0;
	ALLOC_GROW(p->refs, p->n_refs + 1, p->alloc_refs);
	p->refs[p->n_refs++] = (struct braid_refi_ref){ xstrdup(guid), to, elem, line_of(ps) };
	return 0;
}

/* creatingUser on an element: a reference to a User. */
static int user_attr(struct parser *ps, const char *elem, char **out)
{
	int rc = guid_attr(ps, elem, "creatingUser", 0, out);

	return rc ? rc : add_ref(ps, *out, BRAID_REFI_TO_USER, elem);
}

static int targetguid(struct parser *ps, const char *elem, enum braid_refi_target to, char **out)
{
	int rc = guid_attr(ps, elem, "targetGUID", 1, out);

	return rc ? rc : add_ref(ps, *out, to, elem);
}

static int position(struct parser *ps, const char *name, int64_t *out)
{
	char *v = attr(ps, name), *end;
	long long n;

	if (!v)
		return fail(ps, "PlainTextSelection has no %s (it is required)", name);
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < 0) {
		int rc = fail(ps, "PlainTextSelection %s '%s' is not a position (a whole number, 0 "
				  "or more)", name, v);

		free(v);
		return rc;
	}
	free(v);
	*out = n;
	return 0;
}

static void push(struct parser *ps, enum frame_kind kind, size_t idx, char **text)
{
	ALLOC_GROW(ps->stack, ps->depth + 1, ps->alloc);
	ps->stack[ps->depth++] = (struct frame){ kind, idx, text, NULL };
}

/* Skips an unmodelled element, counting it under kind (copied). */
static void skip(struct parser *ps, const char *kind)
{
	count_unmodelled(ps->p, kind);
	push(ps, F_SKIP, 0, NULL);
	for (size_t i = 0; i < ps->p->n_unmodelled; i++)
		if (!strcmp(ps->p->unmodelled[i].kind, kind))
			ps->stack[ps->depth - 1].skipped = ps->p->unmodelled[i].kind;
}

static int noteref(struct parser *ps, enum braid_refi_target on, size_t owner)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_noteref *n;
	int rc;

	ALLOC_GROW(p->noterefs, p->n_noterefs + 1, p->alloc_noterefs);
	n = &p->noterefs[p->n_noterefs];
	memset(n, 0, sizeof(*n));
	n->on = on;
	n->owner = owner;
	n->line = line_of(ps);
	if ((rc = targetguid(ps, "NoteRef", BRAID_REFI_TO_NOTE, &n->guid)))
		return rc;
	p->n_noterefs++;
	push(ps, F_LEAF, 0, NULL);
	return 0;
}

static int start_code(struct parser *ps, size_t parent)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_code *c;
	char *codable;
	int rc;

	ALLOC_GROW(p->codes, p->n_codes + 1, p->alloc_codes);
	c = &p->codes[p->n_codes];
	memset(c, 0, sizeof(*c));
	c->parent = parent;
	c->line = line_of(ps);
	c->codable = 1;
	p->n_codes++;
	if ((rc = guid_attr(ps, "Code", "guid", 1, &c->guid)))
		return rc;
	if (!(c->name = attr(ps, "name")))
		return fail(ps, "Code has no name (it is required)");
	c->color = attr(ps, "color");
	codable = attr(ps, "isCodable");
	if (codable && (!strcmp(codable, "false") || !strcmp(codable, "0"))) {
		c->codable = 0;
		count_unmodelled(p, "Code isCodable=\"false\" (imported as a code)");
	}
	free(codable);
	push(ps, F_CODE, p->n_codes - 1, NULL);
	return 0;
}

static int start_source(struct parser *ps)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_source *s;
	int rc;

	ALLOC_GROW(p->sources, p->n_sources + 1, p->alloc_sources);
	s = &p->sources[p->n_sources++];
	memset(s, 0, sizeof(*s));
	s->line = line_of(ps);
	if ((rc = guid_attr(ps, "TextSource", "guid", 1, &s->guid)) ||
	    (rc = user_attr(ps, "TextSource", &s->user)))
		return rc;
	s->name = attr(ps, "name");
	s->plain_path = attr(ps, "plainTextPath");
	s->rich_path = attr(ps, "richTextPath");
	s->created = attr(ps, "creationDateTime");
	push(ps, F_SOURCE, p->n_sources - 1, NULL);
	return 0;
}

static int start_selection(struct parser *ps, size_t source, int whole)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_selection *s;
	int rc;

	ALLOC_GROW(p->selections, p->n_selections + 1, p->alloc_selections);
	s = &p->selections[p->n_selections++];
	memset(s, 0, sizeof(*s));
	s->source = source;
	s->whole = whole;
	s->line = line_of(ps);
	if (whole)
		return 0;
	if ((rc = guid_attr(ps, "PlainTextSelection", "guid", 1, &s->guid)) ||
	    (rc = user_attr(ps, "PlainTextSelection", &s->user)) ||
	    (rc = position(ps, "startPosition", &s->start)) ||
	    (rc = position(ps, "endPosition", &s->end)))
		return rc;
	if (s->end < s->start)
		return fail(ps, "PlainTextSelection '%s' ends (%lld) before it starts (%lld)", s->guid,
			    (long long)s->end, (long long)s->start);
	s->name = attr(ps, "name");
	s->created = attr(ps, "creationDateTime");
	push(ps, F_SELECTION, p->n_selections - 1, NULL);
	return 0;
}

static int start_coding(struct parser *ps, size_t selection)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_coding *c;
	int rc;

	ALLOC_GROW(p->codings, p->n_codings + 1, p->alloc_codings);
	c = &p->codings[p->n_codings++];
	memset(c, 0, sizeof(*c));
	c->selection = selection;
	c->line = line_of(ps);
	if ((rc = guid_attr(ps, "Coding", "guid", 1, &c->guid)) ||
	    (rc = user_attr(ps, "Coding", &c->user)))
		return rc;
	c->created = attr(ps, "creationDateTime");
	push(ps, F_CODING, p->n_codings - 1, NULL);
	return 0;
}

static int start_note(struct parser *ps)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_note *n;
	int rc;

	ALLOC_GROW(p->notes, p->n_notes + 1, p->alloc_notes);
	n = &p->notes[p->n_notes++];
	memset(n, 0, sizeof(*n));
	n->line = line_of(ps);
	if ((rc = guid_attr(ps, "Note", "guid", 1, &n->guid)) ||
	    (rc = user_attr(ps, "Note", &n->user)))
		return rc;
	n->name = attr(ps, "name");
	n->created = attr(ps, "creationDateTime");
	n->plain_path = attr(ps, "plainTextPath");
	push(ps, F_NOTE, p->n_notes - 1, NULL);
	return 0;
}

static int start_variable(struct parser *ps)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_variable *v;
	int rc;

	ALLOC_GROW(p->variables, p->n_variables + 1, p->alloc_variables);
	v = &p->variables[p->n_variables++];
	memset(v, 0, sizeof(*v));
	v->line = line_of(ps);
	if ((rc = guid_attr(ps, "Variable", "guid", 1, &v->guid)))
		return rc;
	if (!(v->name = attr(ps, "name")))
		return fail(ps, "Variable has no name (it is required)");
	if (!(v->type = attr(ps, "typeOfVariable")))
		return fail(ps, "Variable '%s' has no typeOfVariable (it is required)", v->name);
	push(ps, F_VARIABLE, p->n_variables - 1, NULL);
	return 0;
}

static int start_case(struct parser *ps)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_case *c;
	int rc;

	ALLOC_GROW(p->cases, p->n_cases + 1, p->alloc_cases);
	c = &p->cases[p->n_cases++];
	memset(c, 0, sizeof(*c));
	c->line = line_of(ps);
	if ((rc = guid_attr(ps, "Case", "guid", 1, &c->guid)))
		return rc;
	c->name = attr(ps, "name");
	push(ps, F_CASE, p->n_cases - 1, NULL);
	return 0;
}

static int start_value(struct parser *ps, size_t owner)
{
	struct braid_refi_project *p = ps->p;
	struct braid_refi_value *v;

	ALLOC_GROW(p->values, p->n_values + 1, p->alloc_values);
	v = &p->values[p->n_values++];
	memset(v, 0, sizeof(*v));
	v->owner = owner;
	v->line = line_of(ps);
	push(ps, F_VALUE, p->n_values - 1, NULL);
	return 0;
}

static const char *const value_kinds[] = { "TextValue", "BooleanValue", "IntegerValue",
					   "FloatValue", "DateValue", "DateTimeValue" };

/* A child element of the frame f: what it is, and the frame it opens. */
static int start(struct parser *ps, const char *name)
{
	struct braid_refi_project *p = ps->p;
	struct frame *f = ps->depth ? &ps->stack[ps->depth - 1] : NULL;
	size_t i = f ? f->idx : 0;

	if (!f) {
		if (!strcmp(name, "Project")) {
			int rc = guid_attr(ps, "Project", "creatingUserGUID", 0, &p->creator);

			if (rc)
				return rc;
			add_ref(ps, p->creator, BRAID_REFI_TO_USER, "Project");
			p->name = attr(ps, "name");
			p->origin = attr(ps, "origin");
			push(ps, F_PROJECT, 0, NULL);
			return 0;
		}
		if (!strcmp(name, "CodeBook")) {
			p->codebook = 1;
			p->origin = attr(ps, "origin");
			push(ps, F_CODEBOOK, 0, NULL);
			return 0;
		}
		return fail(ps, "the root element is %s, expected Project or CodeBook", name);
	}
	switch (f->kind) {
	case F_PROJECT:
		if (!strcmp(name, "Users"))
			return push(ps, F_USERS, 0, NULL), 0;
		if (!strcmp(name, "CodeBook"))
			return push(ps, F_CODEBOOK, 0, NULL), 0;
		if (!strcmp(name, "Variables"))
			return push(ps, F_VARIABLES, 0, NULL), 0;
		if (!strcmp(name, "Cases"))
			return push(ps, F_CASES, 0, NULL), 0;
		if (!strcmp(name, "Sources"))
			return push(ps, F_SOURCES, 0, NULL), 0;
		if (!strcmp(name, "Notes"))
			return push(ps, F_NOTES, 0, NULL), 0;
		if (!strcmp(name, "NoteRef"))
			return noteref(ps, BRAID_REFI_TO_USER, 0);
		if (!strcmp(name, "Links") || !strcmp(name, "Sets") || !strcmp(name, "Graphs"))
			return push(ps, F_GROUP, 0, NULL), 0;
		if (!strcmp(name, "Description"))
			return skip(ps, "Project Description"), 0;
		break;
	case F_USERS:
		if (!strcmp(name, "User")) {
			struct braid_refi_user *u;
			int rc;

			ALLOC_GROW(p->users, p->n_users + 1, p->alloc_users);
			u = &p->users[p->n_users++];
			memset(u, 0, sizeof(*u));
			u->line = line_of(ps);
			if ((rc = guid_attr(ps, "User", "guid", 1, &u->guid)))
				return rc;
			u->name = attr(ps, "name");
			u->id = attr(ps, "id");
			push(ps, F_LEAF, 0, NULL);
			return 0;
		}
		break;
	case F_CODEBOOK:
		if (!strcmp(name, "Codes"))
			return push(ps, F_CODES, 0, NULL), 0;
		if (!strcmp(name, "Sets"))
			return push(ps, F_GROUP, 0, NULL), 0;
		break;
	case F_CODES:
		if (!strcmp(name, "Code"))
			return start_code(ps, 0);
		break;
	case F_CODE:
		if (!strcmp(name, "Code"))
			return start_code(ps, i + 1);
		if (!strcmp(name, "Description"))
			return push(ps, F_TEXT, 0, &p->codes[i].description), 0;
		if (!strcmp(name, "NoteRef"))
			return noteref(ps, BRAID_REFI_TO_CODE, i);
		break;
	case F_VARIABLES:
		if (!strcmp(name, "Variable"))
			return start_variable(ps);
		break;
	case F_VARIABLE:
		if (!strcmp(name, "Description"))
			return push(ps, F_TEXT, 0, &p->variables[i].description), 0;
		break;
	case F_CASES:
		if (!strcmp(name, "Case"))
			return start_case(ps);
		break;
	case F_CASE:
		if (!strcmp(name, "Description"))
			return push(ps, F_TEXT, 0, &p->cases[i].description), 0;
		if (!strcmp(name, "VariableValue"))
			return start_value(ps, i);
		if (!strcmp(name, "SourceRef")) {
			struct braid_refi_case_source *cs;

			ALLOC_GROW(p->case_sources, p->n_case_sources + 1, p->alloc_case_sources);
			cs = &p->case_sources[p->n_case_sources++];
			memset(cs, 0, sizeof(*cs));
			cs->owner = i;
			cs->line = line_of(ps);
			push(ps, F_LEAF, 0, NULL);
			return targetguid(ps, "SourceRef", BRAID_REFI_TO_SOURCE, &cs->source);
		}
		if (!strcmp(name, "SelectionRef"))
			return skip(ps, "Case SelectionRef"), 0;
		if (!strcmp(name, "CodeRef"))
			return skip(ps, "Case CodeRef"), 0;
		break;
	case F_VALUE:
		if (!strcmp(name, "VariableRef")) {
			push(ps, F_LEAF, 0, NULL);
			return targetguid(ps, "VariableRef", BRAID_REFI_TO_VARIABLE,
					  &p->values[i].variable);
		}
		for (size_t k = 0; k < sizeof(value_kinds) / sizeof(value_kinds[0]); k++)
			if (!strcmp(name, value_kinds[k])) {
				p->values[i].kind = value_kinds[k];
				push(ps, F_TEXT, 0, &p->values[i].text);
				return 0;
			}
		break;
	case F_SOURCES:
		if (!strcmp(name, "TextSource"))
			return start_source(ps);
		break;
	case F_SOURCE:
		if (!strcmp(name, "Description"))
			return push(ps, F_TEXT, 0, &p->sources[i].description), 0;
		if (!strcmp(name, "PlainTextContent")) {
			p->sources[i].has_content = 1;
			return push(ps, F_TEXT, 0, &p->sources[i].content), 0;
		}
		if (!strcmp(name, "PlainTextSelection"))
			return start_selection(ps, i, 0);
		if (!strcmp(name, "Coding")) {
			/* a coding of the whole source: a selection of all its text */
			start_selection(ps, i, 1);
			return start_coding(ps, p->n_selections - 1);
		}
		if (!strcmp(name, "NoteRef"))
			return noteref(ps, BRAID_REFI_TO_SOURCE, i);
		if (!strcmp(name, "VariableValue"))
			return skip(ps, "TextSource VariableValue"), 0;
		break;
	case F_SELECTION:
		if (!strcmp(name, "Description"))
			return push(ps, F_TEXT, 0, &p->selections[i].description), 0;
		if (!strcmp(name, "Coding"))
			return start_coding(ps, i);
		if (!strcmp(name, "NoteRef"))
			return noteref(ps, BRAID_REFI_TO_SELECTION, i);
		break;
	case F_CODING:
		if (!strcmp(name, "CodeRef")) {
			if (p->codings[i].code)
				return fail(ps, "Coding has a second CodeRef (it takes one)");
			push(ps, F_LEAF, 0, NULL);
			return targetguid(ps, "CodeRef", BRAID_REFI_TO_CODE, &p->codings[i].code);
		}
		if (!strcmp(name, "NoteRef"))
			return noteref(ps, BRAID_REFI_TO_NOTE, i);
		break;
	case F_NOTES:
		if (!strcmp(name, "Note"))
			return start_note(ps);
		break;
	case F_NOTE:
		if (!strcmp(name, "PlainTextContent")) {
			p->notes[i].has_text = 1;
			return push(ps, F_TEXT, 0, &p->notes[i].text), 0;
		}
		break;
	case F_SKIP:
		/* codings inside what is skipped are named, so none goes unreported */
		if (!strcmp(name, "Coding")) {
			struct strbuf k = STRBUF_INIT;

			strbuf_addf(&k, "Coding in a %s", f->skipped);
			count_unmodelled(p, k.buf);
			strbuf_release(&k);
		}
		{
			/* push may move the stack f points into */
			const char *skipped = f->skipped;

			push(ps, F_SKIP, 0, NULL);
			ps->stack[ps->depth - 1].skipped = skipped;
		}
		return 0;
	case F_GROUP:
	case F_TEXT:
	case F_LEAF:
		break;
	}
	if (f->kind == F_TEXT)
		return fail(ps, "%s inside a text element", name);
	if (f->kind == F_GROUP) {
		skip(ps, name);
		return 0;
	}
	/* anything else: named with its parent where that tells more ("Note Description") */
	{
		static const char *const parents[] = {
			[F_PROJECT] = "Project", [F_CODE] = "Code", [F_SOURCE] = "TextSource",
			[F_SELECTION] = "PlainTextSelection", [F_CODING] = "Coding",
			[F_NOTE] = "Note", [F_CASE] = "Case", [F_VARIABLE] = "Variable",
		};
		struct strbuf k = STRBUF_INIT;

		if (f->kind < sizeof(parents) / sizeof(parents[0]) && parents[f->kind] &&
		    f->kind != F_PROJECT && f->kind != F_SOURCE)
			strbuf_addf(&k, "%s %s", parents[f->kind], name);
		else
			strbuf_addstr(&k, name);
		skip(ps, k.buf);
		strbuf_release(&k);
	}
	return 0;
}

static void end(struct parser *ps)
{
	struct frame *f = &ps->stack[--ps->depth];

	if (f->kind == F_TEXT) {
		free(*f->text);
		*f->text = strbuf_detach(&ps->text, NULL);
	}
	strbuf_reset(&ps->text);
}

static int read_xml(struct parser *ps)
{
	int ret;

	while ((ret = xmlTextReaderRead(ps->r)) == 1) {
		int type = xmlTextReaderNodeType(ps->r);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE) { /* a DTD node has no line of its own */
			ps->failed = 1;
			return braid_errorf(ps->err, BRAID_EPARSE, "%s: a DOCTYPE (before the root "
					    "element) is not allowed in a REFI-QDA file: entities "
					    "are not read", ps->file);
		}
		if (type == XML_READER_TYPE_ENTITY_REFERENCE)
			return fail(ps, "an entity reference is not allowed in a REFI-QDA file");
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *name = (const char *)xmlTextReaderConstLocalName(ps->r);
			int empty = xmlTextReaderIsEmptyElement(ps->r), rc;

			if (ps->depth && ps->stack[ps->depth - 1].kind == F_TEXT)
				return fail(ps, "%s inside a text element", name);
			if ((rc = start(ps, name)))
				return rc;
			if (empty)
				end(ps);
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (ps->depth)
				end(ps);
		} else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
			    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			    type == XML_READER_TYPE_WHITESPACE) &&
			   ps->depth && ps->stack[ps->depth - 1].kind == F_TEXT) {
			const char *v = (const char *)xmlTextReaderConstValue(ps->r);

			if (v)
				strbuf_addstr(&ps->text, v);
		}
	}
	return ret;
}

/* ---- the check: every GUID once, every reference to something of its kind ---- */

struct owner {
	const char *guid;
	enum braid_refi_target kind;
	size_t idx;
	int line;
};

static int cmp_owner(const void *a, const void *b)
{
	return strcmp(((const struct owner *)a)->guid, ((const struct owner *)b)->guid);
}

static const char *target_name(enum braid_refi_target t)
{
	static const char *const names[] = { "a User", "a Code", "a TextSource", "a Note",
					     "a Variable", "a PlainTextSelection", "" };
	return names[t];
}

static int check(struct braid_refi_project *p, const char *file, struct braid_err *err)
{
	struct owner *o, key;
	size_t n = 0, max = p->n_users + p->n_codes + p->n_sources + p->n_selections +
			    p->n_notes + p->n_variables + p->n_cases + p->n_codings;
	int rc = 0;

	o = xcalloc(max + 1, sizeof(*o));
#define OWNERS(vec, kind)                                                                   \
	for (size_t i = 0; i < p->n_##vec; i++)                                             \
		if (p->vec[i].guid)                                                         \
			o[n++] = (struct owner){ p->vec[i].guid, kind, i, p->vec[i].line };
	OWNERS(users, BRAID_REFI_TO_USER)
	OWNERS(codes, BRAID_REFI_TO_CODE)
	OWNERS(sources, BRAID_REFI_TO_SOURCE)
	OWNERS(selections, BRAID_REFI_TO_SELECTION)
	OWNERS(notes, BRAID_REFI_TO_NOTE)
	OWNERS(variables, BRAID_REFI_TO_VARIABLE)
	OWNERS(cases, BRAID_REFI_TO_OTHER)
	OWNERS(codings, BRAID_REFI_TO_OTHER)
#undef OWNERS
	qsort(o, n, sizeof(*o), cmp_owner);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(o[i - 1].guid, o[i].guid)) {
			const struct owner *a = o[i - 1].line <= o[i].line ? &o[i - 1] : &o[i];
			const struct owner *b = a == &o[i] ? &o[i - 1] : &o[i];

			rc = braid_errorf(err, BRAID_EPARSE,
					  "%s: line %d: the GUID '%s' is given twice (first at "
					  "line %d)", file, b->line, b->guid, a->line);
			goto out;
		}
	for (size_t i = 0; i < p->n_refs; i++) {
		const struct braid_refi_ref *r = &p->refs[i];
		const struct owner *hit;

		key.guid = r->guid;
		hit = bsearch(&key, o, n, sizeof(*o), cmp_owner);
		if (!hit || hit->kind != r->to) {
			rc = braid_errorf(err, BRAID_EPARSE,
					  "%s: line %d: %s refers to '%s', which is not %s in "
					  "the file", file, r->line, r->element, r->guid,
					  target_name(r->to));
			goto out;
		}
	}
	for (size_t i = 0; i < p->n_noterefs; i++) {
		key.guid = p->noterefs[i].guid;
		p->noterefs[i].note = ((const struct owner *)bsearch(&key, o, n, sizeof(*o),
								     cmp_owner))->idx;
	}
	for (size_t i = 0; i < p->n_codings; i++)
		if (!p->codings[i].code) {
			rc = braid_errorf(err, BRAID_EPARSE,
					  "%s: line %d: Coding '%s' has no CodeRef", file,
					  p->codings[i].line, p->codings[i].guid);
			goto out;
		}
	for (size_t i = 0; i < p->n_values; i++)
		if (!p->values[i].variable || !p->values[i].kind) {
			rc = braid_errorf(err, BRAID_EPARSE,
					  "%s: line %d: VariableValue has no %s", file,
					  p->values[i].line,
					  p->values[i].variable ? "value" : "VariableRef");
			goto out;
		}
out:
	free(o);
	return rc;
}

int refi_parse_part(struct braid_office_part *part, const char *name,
		    struct braid_refi_project *p, struct braid_err *err)
{
	struct parser ps = { .p = p, .r = part->reader, .file = name, .text = STRBUF_INIT,
			     .err = err };
	int rc, ret;

	memset(p, 0, sizeof(*p));
	ret = read_xml(&ps);
	if (ps.failed) {
		braid_office_part_close(part, 0, NULL);
		rc = BRAID_EPARSE;
	} else if (ret < 0) {
		rc = braid_office_part_close(part, ret, err);
	} else {
		braid_office_part_close(part, 0, NULL);
		if (!ps.depth && !p->codebook && !p->name && !p->n_codes && !p->n_sources)
			rc = braid_errorf(err, BRAID_EPARSE, "%s: no Project in it", name);
		else if (!p->codebook && !p->name)
			rc = braid_errorf(err, BRAID_EPARSE, "%s: Project has no name (it is required)",
					  name);
		else
			rc = check(p, name, err);
	}
	strbuf_release(&ps.text);
	free(ps.stack);
	return rc;
}

int braid_refi_parse(const char *xml, size_t len, const char *name, struct braid_refi_project *p,
		     struct braid_err *err)
{
	struct braid_office_part part;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = braid_office_xml_memory(xml, len, name, &part, err)))
		return rc;
	return refi_parse_part(&part, name, p, err);
}

#define FREE_VEC(vec, ...)                                            \
	do {                                                          \
		for (size_t i = 0; i < p->n_##vec; i++) {             \
			char *fields[] = { __VA_ARGS__ };             \
			for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) \
				free(fields[k]);                      \
		}                                                     \
		free(p->vec);                                         \
	} while (0)

void braid_refi_project_release(struct braid_refi_project *p)
{
	free(p->name);
	free(p->origin);
	free(p->creator);
	FREE_VEC(users, p->users[i].guid, p->users[i].name, p->users[i].id);
	FREE_VEC(codes, p->codes[i].guid, p->codes[i].name, p->codes[i].color,
		 p->codes[i].description);
	FREE_VEC(sources, p->sources[i].guid, p->sources[i].name, p->sources[i].plain_path,
		 p->sources[i].rich_path, p->sources[i].content, p->sources[i].user,
		 p->sources[i].created, p->sources[i].description);
	FREE_VEC(selections, p->selections[i].guid, p->selections[i].name, p->selections[i].user,
		 p->selections[i].created, p->selections[i].description);
	FREE_VEC(codings, p->codings[i].guid, p->codings[i].code, p->codings[i].user,
		 p->codings[i].created);
	FREE_VEC(notes, p->notes[i].guid, p->notes[i].name, p->notes[i].user,
		 p->notes[i].created, p->notes[i].text, p->notes[i].plain_path);
	FREE_VEC(noterefs, p->noterefs[i].guid);
	FREE_VEC(variables, p->variables[i].guid, p->variables[i].name, p->variables[i].type,
		 p->variables[i].description);
	FREE_VEC(cases, p->cases[i].guid, p->cases[i].name, p->cases[i].description);
	FREE_VEC(values, p->values[i].variable, p->values[i].text);
	FREE_VEC(case_sources, p->case_sources[i].source);
	FREE_VEC(refs, p->refs[i].guid);
	FREE_VEC(unmodelled, p->unmodelled[i].kind);
	memset(p, 0, sizeof(*p));
}

void braid_refi_uuid5(const char *name, char out[37])
{
	/* braid's namespace: a fixed random UUID, so braid's names never meet another tool's */
	static const uint8_t ns[16] = { 0x6b, 0x1d, 0x3e, 0x52, 0x9c, 0x0f, 0x4a, 0x7e,
					0xb2, 0x41, 0x5d, 0x8a, 0x0c, 0x93, 0xe6, 0x27 };
	static const char hex[] = "0123456789abcdef";
	uint8_t d[SHA1_DIGEST_SIZE];
	struct sha1_ctx ctx;
	size_t k = 0;

	sha1_init(&ctx);
	sha1_update(&ctx, sizeof(ns), ns);
	sha1_update(&ctx, strlen(name), (const uint8_t *)name);
	sha1_digest(&ctx, sizeof(d), d);
	d[6] = (uint8_t)((d[6] & 0x0f) | 0x50); /* version 5 */
	d[8] = (uint8_t)((d[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[d[i] >> 4];
		out[k++] = hex[d[i] & 15];
	}
	out[k] = '\0';
}
