#include <stddef.h>
#ifdef __cplusplus
// cgo defines _GoString_ for the preamble; C++ files spell it out.
typedef struct {
  const char *p;
  ptrdiff_t n;
} _GoString_;
extern "C" {
#endif
int use_and_free(char *p, int n);
int count_strings(_GoString_ s, const char *q);
#ifdef __cplusplus
}
#endif
