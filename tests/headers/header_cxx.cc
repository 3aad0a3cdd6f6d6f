// The public header included from C++.
#include <accsearch.h>

int header_cxx_probe();
int
header_cxx_probe()
{
    accs_search_options so = ACCS_SEARCH_OPTIONS_INIT;
    return accs_status_string(ACCS_OK) != nullptr && so.version == ACCS_SEARCH_OPTIONS_VERSION;
}
