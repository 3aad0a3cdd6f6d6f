/* SPDX-License-Identifier: MIT */
/* The readers that bring GLib with them (mail through GMime, Word 97-2003
 * through libgsf) live in modules of their own, opened with dlopen() the
 * first time a file needs one, so that no other command pays for loading
 * GLib's libraries.  This finds a module and its entry point. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* `file` in `dir`: its entry point, or NULL.  Why a module that is there
 * did not load goes to `why`. */
static void *
module_try(const char *dir, const char *file, const char *entry, char *why, size_t why_size)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
        return NULL;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        if (e && !strstr(e, "No such file"))
            snprintf(why, why_size, "%s", e);
        return NULL;
    }
    void *sym = dlsym(h, entry);
    if (!sym) {
        snprintf(why, why_size, "%.400s has no %s", path, entry);
        dlclose(h);
    }
    return sym;
}

/* The module is looked for in $ACCSEARCH_MODULE_DIR when that is set
 * (and only there: what is set is what is used), or else next to the
 * library (or the program it is linked into) and in the build directory. */
static void *
module_entry(const char *file, const char *entry, char *why, size_t why_size)
{
    if (why_size)
        why[0] = '\0';
    const char *env = getenv("ACCSEARCH_MODULE_DIR");
    if (env && *env)
        return module_try(env, file, entry, why, why_size);
    Dl_info info;
    if (dladdr((void *)accsi_module_load, &info) && info.dli_fname) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", info.dli_fname);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            void *sym = module_try(dir, file, entry, why, why_size);
            if (sym)
                return sym;
        }
    }
    return module_try(ACCSI_MODULE_BUILD_DIR, file, entry, why, why_size);
}

void *
accsi_module_load(accsi_module *m, accsi_err *err)
{
    pthread_mutex_lock(&m->lock);
    if (!m->tried) {
        m->sym = module_entry(m->file, m->entry, m->why, sizeof m->why);
        m->tried = 1;
    }
    void *sym = m->sym;
    pthread_mutex_unlock(&m->lock);
    if (!sym)
        accsi_err_set(err, ACCS_EINVAL,
                      "cannot read %s: the module %s was not found or did not load%s%s",
                      m->reads, m->file, m->why[0] ? ": " : "", m->why);
    return sym;
}
