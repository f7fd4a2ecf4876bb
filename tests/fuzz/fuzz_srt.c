/* fuzz_srt.c - libFuzzer harness for braid_parse_srt (the checks are in fuzz_cues.h). */
#define FUZZ_PARSE braid_parse_srt
#include "fuzz_cues.h"
