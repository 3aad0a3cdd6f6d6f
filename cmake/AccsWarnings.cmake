# One place for warning and sanitizer flags.
set(ACCS_C_WARNINGS -Wall -Wextra -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter)
set(ACCS_CXX_WARNINGS -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter)
if(ACCS_WERROR)
    list(APPEND ACCS_C_WARNINGS -Werror)
    list(APPEND ACCS_CXX_WARNINGS -Werror)
endif()
if(ACCS_SANITIZE)
    add_compile_options(-fsanitize=${ACCS_SANITIZE} -fno-omit-frame-pointer
                        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${ACCS_SANITIZE})
endif()

function(accs_target_warnings target)
    target_compile_options(${target} PRIVATE
        $<$<COMPILE_LANGUAGE:C>:${ACCS_C_WARNINGS}>
        $<$<COMPILE_LANGUAGE:CXX>:${ACCS_CXX_WARNINGS}>)
endfunction()
