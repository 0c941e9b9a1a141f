#ifdef __cplusplus
extern "C" {
#endif
void keep_in_new(char *p);
void keep_in_vector(char *p);
#ifdef __cplusplus
}
#endif
