#ifdef __cplusplus
extern "C" {
#endif
void cxx_keep(int *p);
#ifdef __cplusplus
}
#endif
