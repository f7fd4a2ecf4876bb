/*
 * refi.h - REFI-QDA exchange: the project file (.qdpx: a zip holding
 * project.qde and the sources) and the codebook file (.qdc) that NVivo,
 * ATLAS.ti, MAXQDA and QualCoder read and write (schemas: Project-mrt2019.xsd,
 * Codebook.xsd; docs/export.md says what maps to what).
 *
 * Import is two steps. braid_refi_parse reads the XML into a struct
 * braid_refi_project (everything braid models, each element with the line
 * it stands on, and a count of every element braid does not model) and
 * checks it whole: GUIDs given twice, references to nothing, selections
 * that end before they start. braid_refi_import then reads the sources'
 * texts from the package and writes the project in the caller's open change
 * (braid_store_begin ... commit): on any error, roll back and nothing is
 * kept. GUIDs are kept, so a file exported by braid comes back as it was.
 *
 * Positions are code-point offsets into a source's plain text, which braid
 * keeps exactly as the file gives it: as transcript turns when braid's own
 * rendering of them is that text, else as one passage. A selection outside
 * its source's text is an error, never clamped.
 *
 * Strings in the structures belong to them; release with the _release calls.
 */
#ifndef BRAID_REFI_H
#define BRAID_REFI_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"

/* What a reference inside project.qde points at. */
enum braid_refi_target {
	BRAID_REFI_TO_USER,
	BRAID_REFI_TO_CODE,
	BRAID_REFI_TO_SOURCE,
	BRAID_REFI_TO_NOTE,
	BRAID_REFI_TO_VARIABLE,
	BRAID_REFI_TO_SELECTION,
	BRAID_REFI_TO_OTHER, /* cases and codings: never the target of a reference */
};

/* A reference: the GUID it names, what it must be, and where it stands. */
struct braid_refi_ref {
	char *guid;
	enum braid_refi_target to;
	const char *element; /* the element that holds it: "CodeRef", "Coding" (creatingUser) */
	int line;
};

struct braid_refi_user {
	char *guid, *name, *id;
	int line;
};

struct braid_refi_code {
	char *guid, *name, *color, *description;
	size_t parent; /* index + 1 of the parent code, 0 at the top */
	int codable;
	int line;
};

struct braid_refi_coding {
	char *guid, *code, *user, *created; /* code: CodeRef targetGUID; user, created may be NULL */
	size_t selection;		     /* its selection's index */
	int line;
};

struct braid_refi_selection {
	char *guid, *name, *user, *created, *description;
	int64_t start, end;
	size_t source; /* its source's index; whole: a Coding of the source itself */
	int whole;
	int line;
};

struct braid_refi_source {
	char *guid, *name, *plain_path, *rich_path, *content, *user, *created, *description;
	int has_content; /* PlainTextContent given (perhaps empty) */
	int line;
};

/* A note (memo), and what refers to it with NoteRef. */
struct braid_refi_note {
	char *guid, *name, *user, *created, *text, *plain_path;
	int has_text;
	int line;
};

struct braid_refi_noteref {
	size_t note;		  /* filled by the check: the note's index */
	enum braid_refi_target on; /* USER means the project itself */
	size_t owner;		  /* index of the code, source, selection or (TO_NOTE) coding */
	char *guid;
	int line;
};

struct braid_refi_variable {
	char *guid, *name, *type, *description; /* type: typeOfVariable as written */
	int line;
};

struct braid_refi_value {
	size_t owner; /* the case's index */
	char *variable, *text;
	const char *kind; /* "TextValue", "BooleanValue", ... */
	int line;
};

struct braid_refi_case {
	char *guid, *name, *description;
	int line;
};

struct braid_refi_case_source {
	size_t owner;
	char *source;
	int line;
};

/* An element braid does not model, counted by kind ("Set", "PDFSource", "Code isCodable=false"). */
struct braid_refi_unmodelled {
	char *kind;
	size_t n;
};

#define BRAID_REFI_VEC(type, name) \
	struct type *name;         \
	size_t n_##name, alloc_##name

struct braid_refi_project {
	char *name, *origin, *creator; /* Project's name, origin and creatingUserGUID */
	int codebook;		       /* 1: the file is a codebook (.qdc), not a project */
	BRAID_REFI_VEC(braid_refi_user, users);
	BRAID_REFI_VEC(braid_refi_code, codes);
	BRAID_REFI_VEC(braid_refi_source, sources);
	BRAID_REFI_VEC(braid_refi_selection, selections);
	BRAID_REFI_VEC(braid_refi_coding, codings);
	BRAID_REFI_VEC(braid_refi_note, notes);
	BRAID_REFI_VEC(braid_refi_noteref, noterefs);
	BRAID_REFI_VEC(braid_refi_variable, variables);
	BRAID_REFI_VEC(braid_refi_case, cases);
	BRAID_REFI_VEC(braid_refi_value, values);
	BRAID_REFI_VEC(braid_refi_case_source, case_sources);
	BRAID_REFI_VEC(braid_refi_ref, refs);
	BRAID_REFI_VEC(braid_refi_unmodelled, unmodelled);
};

void braid_refi_project_release(struct braid_refi_project *p);

/*
 * Parses the XML of a project.qde or a .qdc (name is the file's name for
 * messages) into p (zeroed first) and checks it: no DOCTYPE (so no entity
 * can be declared, let alone expanded; the reader never loads anything),
 * the root a Project or a CodeBook, required attributes there, positions
 * integers with end >= start, each GUID given once, each reference to an
 * element of the right kind. Errors (BRAID_EPARSE) name the file, the line
 * and the element: "project.qde: line 12: PlainTextSelection ends (40)
 * before it starts (50)". p is to release either way.
 */
int braid_refi_parse(const char *xml, size_t len, const char *name, struct braid_refi_project *p,
		     struct braid_err *err);

/* What an import brought, and what it did not model. */
struct braid_refi_report {
	size_t users, codes, sources, selections, codings, notes, cases, variables, values;
	size_t present; /* rows found here already by GUID and left alone */
	/* the documents made: with speakers and turns (braid's rendering), or one passage */
	size_t transcripts, verbatim;
	/* the unmodelled elements by kind, and notes on mappings ("Date kept as text") */
	struct braid_refi_unmodelled *unmodelled;
	size_t nunmodelled;
	char **remarks;
	size_t nremarks;
};

void braid_refi_report_release(struct braid_refi_report *r);

/*
 * Imports a .qdpx (codebook 0) or a .qdc (codebook 1) file into st, inside
 * the caller's open change. The .qdpx's inner XML is project.qde, or the one
 * *.qde at its top (ATLAS.ti names it after the project). A source's text is
 * its PlainTextContent, or its plainTextPath ("internal://x.txt" or a bare
 * name: sources/x.txt in the package); when that text is only white space
 * and its richTextPath is a .docx in the package, the docx's text (NVivo
 * ships a near-empty .txt beside it). Rows whose GUID the project has
 * already are left as they are (counted as present). person is who
 * imports: the coder of codings and notes that name no user. Sizes are
 * bounded as for docx (BRAID_OFFICE_XML_MAX per entry).
 */
int braid_refi_import(struct braid_store *st, const char *path, int codebook, const char *person,
		      struct braid_refi_report *r, struct braid_err *err);

/* What an export wrote. */
struct braid_refi_export_report {
	size_t users, codes, sources, selections, codings, notes, cases, variables, values;
	size_t left_out; /* codings not exported: pending or rejected (REFI has no review state) */
	size_t theme_memos; /* memos on themes, written as notes on nothing (REFI has no themes) */
};

/*
 * Writes the project as a .qdpx to path (whole or not at all: file.h). The
 * same project gives the same bytes: selection GUIDs of braid's own codings
 * are name-based (UUID version 5 of the coding's GUID), entries carry a fixed
 * time, and everything is written in id order.
 */
int braid_refi_export(struct braid_store *st, const char *path, struct braid_refi_export_report *r,
		      struct braid_err *err);

/* Writes the code tree as a REFI-QDA codebook (.qdc) to path. */
int braid_refi_export_codebook(struct braid_store *st, const char *path,
			       struct braid_refi_export_report *r, struct braid_err *err);

/* The name-based (version 5, SHA-1) UUID of name in braid's namespace, lowercase. */
void braid_refi_uuid5(const char *name, char out[37]);

#endif
