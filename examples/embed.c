/* Embedding accsearch: index a folder, then search it.
 *   embed_example INDEX FOLDER QUERY */
#include <stdio.h>

#include <accsearch.h>

int
main(int argc, char **argv)
{
    accs_index *idx;
    accs_results *res;
    if (argc != 4) {
        fprintf(stderr, "usage: %s INDEX FOLDER QUERY\n", argv[0]);
        return 2;
    }
    /* Build (or update) the index. */
    if (accs_index_open(&idx, argv[1], ACCS_OPEN_WRITE, NULL) != ACCS_OK ||
        accs_index_add_path(idx, argv[2], NULL, NULL) != ACCS_OK) {
        fprintf(stderr, "indexing failed: %s\n", accs_index_errmsg(idx));
        accs_index_free(idx);
        return 1;
    }
    accs_index_free(idx);

    /* Search it: the ten lines the README shows. */
    if (accs_index_open(&idx, argv[1], ACCS_OPEN_READ, NULL) != ACCS_OK)
        return 1;
    if (accs_search(&res, idx, argv[3], NULL) == ACCS_OK) {
        for (size_t i = 0; i < accs_results_count(res); i++) {
            const accs_hit *h = accs_results_hit(res, i);
            printf("%s:%u %s\n", h->path, h->line, h->snippet);
        }
        accs_results_free(res);
    }
    accs_index_free(idx);
    return 0;
}
