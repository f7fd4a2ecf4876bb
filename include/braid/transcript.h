/*
 * transcript.h - the parsed form of one source file, as the format parsers
 * (plain text and Markdown, WebVTT, SRT, docx, ODT) produce it, before ingest
 * stores it.
 *
 * Parsers take text already in the internal form (see text.h: valid UTF-8,
 * NFC, LF, no BOM) and fill a struct braid_transcript. They never touch the
 * store. A parser that fails returns BRAID_EPARSE with "line N: ..." in the
 * message (the caller puts the file name in front).
 *
 * Text of a turn (struct braid_turn_src.text): the utterance without the
 * speaker label. Paragraphs inside a turn are separated by one blank line
 * ("\n\n"); line breaks inside a paragraph of a plain-text source are kept
 * as "\n"; subtitle cue lines are joined with a space. No leading or
 * trailing whitespace, never empty.
 */
#ifndef BRAID_TRANSCRIPT_H
#define BRAID_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/strbuf.h"

#define BRAID_NO_TIME INT64_MIN

/* Longest speaker label accepted, in bytes (MAXQDA allows 63 characters). */
#define BRAID_LABEL_MAX 63

struct braid_turn_src {
	char *speaker;      /* label as written (owned); NULL: the document has no speakers */
	struct strbuf text; /* the utterance, see above */
	int64_t start_ms;   /* BRAID_NO_TIME when unknown; may be negative (Spacelog) */
	int64_t end_ms;     /* BRAID_NO_TIME when unknown */
	size_t line;        /* 1-based source line where the turn starts */
};

struct braid_transcript {
	struct braid_turn_src *turns;
	size_t nr, alloc;
};

void braid_transcript_init(struct braid_transcript *t);
void braid_transcript_release(struct braid_transcript *t);

/* Appends a turn; speaker may be NULL; text is copied. Returns the new turn. */
struct braid_turn_src *braid_transcript_add(struct braid_transcript *t, const char *speaker,
					    const char *text, size_t len, size_t line);

/* Options shared by the parsers; zero-initialised means defaults. */
struct braid_parse_opts {
	/*
	 * PCRE2 pattern replacing the default speaker-label rules of the plain
	 * text parser: matched against each line; named group "speaker" is the
	 * label, optional named group "time" a timestamp; the rest of the line
	 * after the match is the start of the utterance.
	 */
	const char *speaker_pattern;
	/* Declared speaker labels (--speakers): these are labels even if they occur once. */
	const char *const *speakers;
	size_t nspeakers;
	/* Document without speakers: every paragraph is a turn with speaker NULL. */
	int no_speakers;
};

enum braid_format {
	BRAID_FMT_UNKNOWN = 0,
	BRAID_FMT_TEXT,
	BRAID_FMT_MARKDOWN,
	BRAID_FMT_VTT,
	BRAID_FMT_SRT,
	BRAID_FMT_DOCX,
	BRAID_FMT_ODT, /* OpenDocument text */
	/* found by braid_format_detect so that they are refused by name */
	BRAID_FMT_PDF,
	BRAID_FMT_DOC, /* an OLE2 compound file: Word 97-2003 .doc, old .xls ... */
};

/* "text", "markdown", "vtt", "srt", "docx", "odt", "pdf", "doc" */
const char *braid_format_name(enum braid_format f);
/* The inverse for the formats a user may name, also "txt", "md"; -1 if unknown. */
int braid_format_parse(const char *name);

/*
 * Guesses the format from the file name and the raw content. Content wins
 * over a misleading extension: "%PDF-" is a PDF, "\xD0\xCF\x11\xE0..." an old
 * Office file; a zip ("PK\3\4") is a docx when it has word/document.xml, an
 * ODT when its mimetype entry says "application/vnd.oasis.opendocument.text"
 * (or it has none but a content.xml), and any other zip is taken by its
 * name (.odt: ODT, else docx) to be refused by braid_office_text; "WEBVTT"
 * starts a VTT; "1\n00:00:.. -->" an SRT. Without such content the name
 * decides (.vtt, .srt, .md, .docx, .odt, .pdf), and text is the default.
 */
enum braid_format braid_format_detect(const char *path, const char *data, size_t len);

/*
 * 1 for the formats whose bytes are not text (docx, ODT, PDF, doc): ingest
 * hands them to braid_office_text instead of braid_text_decode.
 */
int braid_format_binary(enum braid_format f);

/*
 * The text of a binary format, as braid_docx_text gives it: for a docx or
 * an ODT the package's content decides which it is (a zip that is neither
 * fails with "not a Word or OpenDocument text file: ..."); a PDF fails with
 * "PDF is not supported: export the transcript as text or docx", an old
 * Office file likewise. On failure out is left as it was.
 */
int braid_office_text(enum braid_format f, const char *data, size_t len, struct strbuf *out,
		      struct braid_err *err);

/* Plain text and Markdown transcripts (speaker labels: docs/transcripts.md). */
int braid_parse_plain(const char *text, size_t len, const struct braid_parse_opts *o,
		      struct braid_transcript *out, struct braid_err *err);

/* WebVTT. Consecutive cues of one speaker merge into one turn. */
int braid_parse_vtt(const char *text, size_t len, const struct braid_parse_opts *o,
		    struct braid_transcript *out, struct braid_err *err);

/* SubRip (SRT), including auto-captions whose cues overlap and repeat text. */
int braid_parse_srt(const char *text, size_t len, const struct braid_parse_opts *o,
		    struct braid_transcript *out, struct braid_err *err);

/*
 * Extracts the paragraphs of a .docx (raw zip bytes) as text: one paragraph
 * per block, blocks separated by a blank line, tabs and breaks kept as
 * '\t' and '\n'. The result is UTF-8 but not yet NFC: pass it through
 * braid_text_decode before braid_parse_plain.
 */
int braid_docx_text(const char *data, size_t len, struct strbuf *out, struct braid_err *err);

/*
 * The same for an OpenDocument text (.odt, raw zip bytes): the paragraphs
 * and headings of content.xml (in tables row by row, in frames where they
 * stand), text:s as spaces, text:tab as '\t', text:line-break as '\n'; the
 * rest of the white space collapsed as ODF says. Notes, annotations and
 * deleted text of tracked changes are skipped. Errors: "not an OpenDocument
 * text file: ...", "content.xml is too large: ...", "bad XML in content.xml:
 * line L, column C: ...".
 */
int braid_odt_text(const char *data, size_t len, struct strbuf *out, struct braid_err *err);

/*
 * Parses a timestamp such as "01:02:03.450", "1:2:3,4", "02:03", "[DD:HH:MM:SS]"
 * fields (days allowed when dhms is set) into milliseconds. Returns 0 or -1.
 */
int braid_parse_time(const char *s, size_t len, int dhms, int64_t *ms);

#endif
