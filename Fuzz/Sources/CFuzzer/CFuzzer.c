// The declaration in include/CFuzzer.h is all this module provides; libFuzzer itself comes with -sanitize=fuzzer.
#include "CFuzzer.h"
