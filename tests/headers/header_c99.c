/* The public header on its own, as strict C99. */
#include <accsearch.h>

int header_c99_probe(void);
int
header_c99_probe(void)
{
    accs_search_options so = ACCS_SEARCH_OPTIONS_INIT;
    accs_index_options io = ACCS_INDEX_OPTIONS_INIT;
    return (int)so.version + (int)io.version;
}
