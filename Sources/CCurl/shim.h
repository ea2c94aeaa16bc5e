// Typed wrappers for libcurl's variadic functions, which Swift cannot call directly.
// Every wrapper is prefixed `hark_` and does nothing but forward with a fixed argument type,
// so the compiler checks at each call site that an option gets the type curl expects.
#ifndef HARK_CCURL_SHIM_H
#define HARK_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*hark_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);
typedef int (*hark_curl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                           curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode hark_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hark_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hark_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hark_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hark_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hark_easy_setopt_data_callback(CURL *handle, CURLoption option,
                                                      hark_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hark_easy_setopt_progress_callback(CURL *handle, hark_curl_progress_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode hark_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode hark_easy_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode hark_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode hark_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode hark_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/// The easy handle and result of a finished transfer, read from a CURLMsg (a union Swift imports awkwardly).
static inline int hark_multi_done(CURLMsg *message, CURL **handle, CURLcode *result) {
    if (message->msg != CURLMSG_DONE) { return 0; }
    *handle = message->easy_handle;
    *result = message->data.result;
    return 1;
}

#endif
