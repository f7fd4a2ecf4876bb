# braid - build, test, run. See README.md; `make help` lists the targets.
#
# `make run` and `make test` work on a fresh Debian 12 machine: both first
# run `deps`, which installs whatever Debian packages are missing (checked
# with dpkg, since a fresh machine has no pkg-config yet), then re-enter make
# so that pkg-config is consulted only once it exists.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
SAN     ?=
CC      ?= cc
VERSION := 0.1.0

# Debian packages: the toolchain, the libraries (via pkg-config) and the
# tools the tests and benchmarks compare against.
DEBS := build-essential pkg-config libsqlite3-dev libpcre2-dev libutf8proc-dev \
	libyaml-dev libcmocka-dev libncurses-dev libxml2-dev libzip-dev nettle-dev \
	libcsv-dev libgraphviz-dev libgsl-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev \
	fonts-dejavu-core sqlite3 zip unzip libxml2-utils python3
DEBS_CHECK := clang libclang-rt-14-dev
DEBS_BENCH := ripgrep time
PKGS := sqlite3 libpcre2-8 libutf8proc yaml-0.1 libxml-2.0 libzip nettle libgvc gsl xlsxwriter \
	cairo pangocairo

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra -Wpedantic -Wvla -Wformat=2 -Wstrict-prototypes -Wshadow \
	-Wno-unused-parameter
ifeq ($(SAN),1)
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDSAN := -fsanitize=address,undefined
else
  OPT := -O2 -g
  LDSAN :=
endif
# Debian's libsqlite3 is built with the session extension (change records,
# undo); its declarations in sqlite3.h sit behind these two macros.
SQLITE_DEFS := -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(SQLITE_DEFS) \
	-DBRAID_VERSION='"$(VERSION)"' $(WARN) -Werror $(OPT) -Iinclude $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)

CORE_SRC := $(wildcard src/core/*.c src/core/formats/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

CORE_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(CORE_SRC))
CLI_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
LIB      := $(BUILD)/libbraid.a
BIN      := $(BUILD)/braid

.PHONY: all deps deps-check deps-bench run test test-run check valgrind fuzz fuzz-smoke \
	bench fmt lint install uninstall clean help

all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/testutil.h tests/unit/teststore.h tests/unit/transcript_check.h \
		tests/unit/themesfixture.h tests/unit/teststats.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(CMOCKA_LIBS)

-include $(CORE_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# Installs the missing Debian packages (sudo only when not root).
define install_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_debs,$(DEBS))
deps-check:
	$(call install_debs,$(DEBS) $(DEBS_CHECK))
deps-bench:
	$(call install_debs,$(DEBS) $(DEBS_BENCH))

# The main job: a demo project from the bundled corpora, outputs in out/.
run: deps
	@$(MAKE) --no-print-directory all
	@BRAID=$(BIN) sh scripts/demo.sh

test: deps
	@$(MAKE) --no-print-directory test-run

# Unit tests (cmocka), then the CLI tests driving the real binary.
test-run: $(BIN) $(UNIT_BIN)
	@BUILD=$(BUILD) sh tests/run-unit.sh $(UNIT_BIN)
	@BRAID=$(abspath $(BIN)) sh tests/run-cli.sh

# Everything again under AddressSanitizer + UBSan in its own build folder,
# then a short fuzz smoke of every parser.
check: deps-check
	@$(MAKE) --no-print-directory BUILD=build-check SAN=1 test-run
	@$(MAKE) --no-print-directory fuzz-smoke

valgrind: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@VALGRIND="valgrind --quiet --error-exitcode=9 --leak-check=full" BUILD=$(BUILD) \
		sh tests/run-unit.sh $(UNIT_BIN)

# libFuzzer harnesses, one per parser and one for the text diff (clang).
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRC))
FUZZ_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(SQLITE_DEFS) -DBRAID_VERSION='"$(VERSION)"' \
	-O1 -g -Iinclude $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined
build-fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h tests/fuzz/fuzz_cues.h $(CORE_SRC)
	@mkdir -p build-fuzz
	clang $(FUZZ_FLAGS) -o $@ $< $(CORE_SRC) $(PKG_LIBS)

fuzz: deps-check
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@echo "built: $(FUZZ_BIN)"; echo "run e.g.: build-fuzz/fuzz_vtt -max_total_time=600 tests/fuzz/corpus/vtt"

FUZZ_SECONDS ?= 10
fuzz-smoke: $(FUZZ_BIN)
	@sh tests/fuzz/smoke.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

$(BUILD)/bench_parse: bench/bench_parse.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)
$(BUILD)/bench_pcre2: bench/bench_pcre2.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)
$(BUILD)/bench_history: bench/bench_history.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)
$(BUILD)/bench_unitize: bench/bench_unitize.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

bench: deps-bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench_parse $(BUILD)/bench_pcre2 $(BUILD)/bench_history \
		$(BUILD)/bench_unitize
	@BRAID=$(abspath $(BIN)) sh bench/run.sh

fmt:
	clang-format -i $(CORE_SRC) $(CLI_SRC) $(UNIT_SRC) $(FUZZ_SRC) include/braid/*.h

# The core must not print, exit or include curses.
lint:
	@! grep -rnE '#include *[<"](n?curses|ncursesw/)|\b(printf|puts|exit) *\(|fprintf *\( *std(out|err)' \
		src/core include || { echo "lint: src/core prints, exits or includes curses"; exit 1; }

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/braid/codebooks $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/braid
	install -m 644 docs/braid.1 $(DESTDIR)$(PREFIX)/share/man/man1/braid.1
	-install -m 644 codebooks/*.yaml $(DESTDIR)$(PREFIX)/share/braid/codebooks/ 2>/dev/null

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/braid $(DESTDIR)$(PREFIX)/share/man/man1/braid.1
	rm -rf $(DESTDIR)$(PREFIX)/share/braid

clean:
	rm -rf build build-check build-fuzz out bench/data

help:
	@echo "targets: all deps run test check valgrind fuzz bench fmt lint install uninstall clean"
