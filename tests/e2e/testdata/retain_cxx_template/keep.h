#ifdef __cplusplus
extern "C" {
#endif
void remember(const char *p);
void remember_twice(const char *p);
#ifdef __cplusplus
}
#endif
