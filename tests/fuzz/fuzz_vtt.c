/* fuzz_vtt.c - libFuzzer harness for braid_parse_vtt (the checks are in fuzz_cues.h). */
#define FUZZ_PARSE braid_parse_vtt
#include "fuzz_cues.h"
