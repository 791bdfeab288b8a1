/*
 * libhdnnp_java: hosts a JVM in the calling process and forwards the C ABI of hdnnp_java.h to
 * Java through FFM upcall stubs. JNI is used exactly once (to call Bridge.install); every later
 * call goes through the function table the Java side filled.
 */
#define _GNU_SOURCE
#include "hdnnp_java.h"
#include "hdnnp_java_table.h"

#include <dlfcn.h>
#include <errno.h>
#include <jni.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef HDNNP_DEFAULT_JAVA_HOME
#define HDNNP_DEFAULT_JAVA_HOME ""
#endif
#ifndef HDNNP_INSTALL_JAR
#define HDNNP_INSTALL_JAR ""
#endif
#ifndef HDNNP_BUILD_JAR
#define HDNNP_BUILD_JAR ""
#endif

#define ERR_CHARS 2048
#define MODEL_MAGIC 0x68646e6e70u /* "hdnnp" */

static __thread char tl_error[ERR_CHARS];

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
/* RT_FAILED: JNI_CreateJavaVM was called and failed (or the JVM tried to exit inside it). A JVM
   cannot be created twice in one process, nor can a second libjvm be loaded next to a failed one:
   every later hdnnp_runtime_init refuses with the first cause (g_failure). */
static enum { RT_NONE, RT_READY, RT_SHUT, RT_FAILED } g_state = RT_NONE;
static JavaVM *g_vm = NULL;
static int g_vm_created_here = 0;
static hdnnp_java_table g_table;
static char g_failure[ERR_CHARS];
static char g_class_path[4096];

/* JNI_CreateJavaVM under watch: the JVM's exit/abort hooks jump back here instead of ending the
   host process, and its messages (e.g. "Unrecognized VM option") are kept for the error text. */
static sigjmp_buf g_create_jmp;
static volatile int g_create_armed = 0;
static pthread_t g_create_thread;
static char g_jvm_output[1024];
static size_t g_jvm_output_len = 0;

struct hdnnp_model {
    uint64_t magic;
    int64_t handle;
    hdnnp_model_info info; /* cached: refreshed after load and after unit changes */
};

/* ---- errors ---------------------------------------------------------------------------------- */

static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tl_error, sizeof tl_error, fmt, ap);
    va_end(ap);
    return status;
}

static int ok(void) {
    tl_error[0] = '\0';
    return HDNNP_OK;
}

int hdnnp_abi_version(void) { return HDNNP_JAVA_ABI_VERSION; }

const char *hdnnp_last_error(void) { return tl_error; }

const char *hdnnp_status_name(int status) {
    switch (status) {
    case HDNNP_OK: return "HDNNP_OK";
    case HDNNP_E_ARGUMENT: return "HDNNP_E_ARGUMENT";
    case HDNNP_E_VERSION: return "HDNNP_E_VERSION";
    case HDNNP_E_STATE: return "HDNNP_E_STATE";
    case HDNNP_E_JVM: return "HDNNP_E_JVM";
    case HDNNP_E_INPUT: return "HDNNP_E_INPUT";
    case HDNNP_E_MODEL: return "HDNNP_E_MODEL";
    case HDNNP_E_COMPUTE: return "HDNNP_E_COMPUTE";
    case HDNNP_E_INTERNAL: return "HDNNP_E_INTERNAL";
    default: return "HDNNP_E_UNKNOWN";
    }
}

/* A Java-side status: the message is already in tl_error; make sure it is not empty. */
static int java_status(int status, const char *what) {
    if (status != HDNNP_OK && tl_error[0] == '\0')
        snprintf(tl_error, sizeof tl_error, "%s failed (%s)", what, hdnnp_status_name(status));
    if (status == HDNNP_OK) tl_error[0] = '\0';
    return status;
}

/* ---- helpers --------------------------------------------------------------------------------- */

static int is_file(const char *p) {
    struct stat st;
    return p && *p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Splits a JVM option string at blanks; '...' and "..." group. Returns a malloc'ed array of
   malloc'ed strings (NULL-terminated) or NULL on an unterminated quote / out of memory. */
static char **split_options(const char *s, int *count, char *why, size_t why_len) {
    size_t cap = 8, n = 0;
    char **v = calloc(cap, sizeof *v);
    if (!v) { snprintf(why, why_len, "out of memory"); return NULL; }
    size_t len = s ? strlen(s) : 0;
    char *tok = malloc(len + 1);
    if (!tok) { free(v); snprintf(why, why_len, "out of memory"); return NULL; }
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (!*p) break;
        size_t t = 0;
        while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
            if (*p == '"' || *p == '\'') {
                char q = *p++;
                while (*p && *p != q) tok[t++] = *p++;
                if (*p != q) {
                    snprintf(why, why_len, "unterminated %c quote in JVM options \"%s\"", q, s);
                    for (size_t i = 0; i < n; i++) free(v[i]);
                    free(v); free(tok);
                    return NULL;
                }
                p++;
            } else {
                tok[t++] = *p++;
            }
        }
        tok[t] = '\0';
        if (n + 1 >= cap) {
            cap *= 2;
            char **nv = realloc(v, cap * sizeof *v);
            if (!nv) break;
            v = nv;
        }
        v[n++] = xstrdup(tok);
    }
    v[n] = NULL;
    free(tok);
    *count = (int)n;
    return v;
}

static void free_strings(char **v) {
    if (!v) return;
    for (char **p = v; *p; p++) free(*p);
    free(v);
}

/* Finds the jar: explicit, HDNNP_JAVA_JAR, next to this library, install location, build tree. */
static int find_class_path(const char *explicit_cp, char *out, size_t out_len) {
    if (explicit_cp && *explicit_cp) {
        snprintf(out, out_len, "%s", explicit_cp);
        return 1;
    }
    const char *env = getenv("HDNNP_JAVA_JAR");
    if (env && *env) {
        snprintf(out, out_len, "%s", env);
        return 1;
    }
    Dl_info info;
    if (dladdr((void *)&hdnnp_runtime_init, &info) && info.dli_fname) {
        char dir[4000];
        snprintf(dir, sizeof dir, "%s", info.dli_fname);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            char cand[sizeof dir + 40];
            snprintf(cand, sizeof cand, "%s/../share/hdnnp-java/hdnnp-core.jar", dir);
            if (is_file(cand)) { snprintf(out, out_len, "%s", cand); return 1; }
        }
    }
    if (is_file(HDNNP_INSTALL_JAR)) { snprintf(out, out_len, "%s", HDNNP_INSTALL_JAR); return 1; }
    if (is_file(HDNNP_BUILD_JAR)) { snprintf(out, out_len, "%s", HDNNP_BUILD_JAR); return 1; }
    return 0;
}

static void jni_exception_text(JNIEnv *env, char *out, size_t out_len) {
    jthrowable ex = (*env)->ExceptionOccurred(env);
    snprintf(out, out_len, "unknown Java exception");
    if (!ex) return;
    (*env)->ExceptionClear(env);
    jclass cls = (*env)->FindClass(env, "java/lang/Throwable");
    jmethodID m = cls ? (*env)->GetMethodID(env, cls, "toString", "()Ljava/lang/String;") : NULL;
    jstring s = m ? (jstring)(*env)->CallObjectMethod(env, ex, m) : NULL;
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
    if (s) {
        const char *c = (*env)->GetStringUTFChars(env, s, NULL);
        if (c) {
            snprintf(out, out_len, "%s", c);
            (*env)->ReleaseStringUTFChars(env, s, c);
        }
    }
}

typedef jint (*create_vm_fn)(JavaVM **, void **, void *);
typedef jint (*created_vms_fn)(JavaVM **, jsize, jsize *);

static const char *jni_error_name(jint r) {
    switch (r) {
    case JNI_ERR: return "unknown error";
    case JNI_EDETACHED: return "thread detached";
    case JNI_EVERSION: return "JNI version not supported (Java too old?)";
    case JNI_ENOMEM: return "not enough memory";
    case JNI_EEXIST: return "a JVM already exists";
    case JNI_EINVAL: return "invalid JVM option";
    default: return "error";
    }
}

/* ---- JVM hooks --------------------------------------------------------------------------------- */

static int on_create_thread(void) {
    return g_create_armed && pthread_equal(pthread_self(), g_create_thread);
}

static jint JNICALL hook_vfprintf(FILE *fp, const char *format, va_list args) {
    if (!on_create_thread()) return vfprintf(fp, format, args);
    size_t room = sizeof g_jvm_output - g_jvm_output_len;
    int n = vsnprintf(g_jvm_output + g_jvm_output_len, room, format, args);
    if (n > 0) g_jvm_output_len += (size_t)n < room ? (size_t)n : room - 1;
    return n;
}

static void JNICALL hook_exit(jint code) {
    if (on_create_thread()) {
        (void)code; /* the JVM's message (vfprintf) says more than its exit status */
        siglongjmp(g_create_jmp, 1);
    }
    /* after start-up the JVM ends the process on SIGTERM/SIGINT (mpirun stopping a job: nothing to
       say), a fatal error or System.exit (say so: the host's own output stops here) */
    if (code != 128 + 15 && code != 128 + 2)
        fprintf(stderr, "hdnnp_java: the JVM is ending the process (exit status %d)\n", (int)code);
}

static void JNICALL hook_abort(void) {
    if (on_create_thread()) {
        siglongjmp(g_create_jmp, 2);
    }
    fprintf(stderr, "hdnnp_java: the JVM aborts the process\n");
}

/* The JVM's own message, one line: blanks instead of line breaks, no trailing blank. */
static const char *jvm_output_line(void) {
    for (size_t i = 0; i < g_jvm_output_len; i++)
        if (g_jvm_output[i] == '\n' || g_jvm_output[i] == '\r') g_jvm_output[i] = ' ';
    while (g_jvm_output_len > 0 && g_jvm_output[g_jvm_output_len - 1] == ' ') g_jvm_output[--g_jvm_output_len] = '\0';
    const char *p = g_jvm_output;
    while (*p == ' ') p++;
    return p;
}

/* Feature release of the JDK at java_home from its `release` file (JAVA_VERSION="17.0.15"), 0 if
   unknown. Checked before libjvm is loaded, so that a too old JDK leaves nothing behind. */
static int jdk_feature_version(const char *java_home) {
    char path[4200];
    snprintf(path, sizeof path, "%s/release", java_home);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[512];
    int v = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "JAVA_VERSION=", 13) == 0) {
            const char *p = line + 13;
            if (*p == '"') p++;
            v = atoi(p);
            if (v == 1) { /* 1.8.0 style */
                const char *dot = strchr(p, '.');
                v = dot ? atoi(dot + 1) : 1;
            }
            break;
        }
    }
    fclose(f);
    return v;
}

/* ---- runtime --------------------------------------------------------------------------------- */

static int start_jvm(const hdnnp_runtime_options *o, JNIEnv **env_out, char *cp, size_t cp_len) {
    /* A JVM already in this process (we are called from Java, JPype, ...): attach to it. */
    created_vms_fn created = (created_vms_fn)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    if (created) {
        JavaVM *vm = NULL;
        jsize n = 0;
        if (created(&vm, 1, &n) == JNI_OK && n > 0 && vm) {
            JNIEnv *env = NULL;
            if ((*vm)->AttachCurrentThread(vm, (void **)&env, NULL) != JNI_OK)
                return fail(HDNNP_E_JVM, "cannot attach to the JVM already running in this process");
            g_vm = vm;
            g_vm_created_here = 0;
            *env_out = env;
            cp[0] = '\0';
            return HDNNP_OK;
        }
    }

    char libjvm[4096];
    const char *source;
    if (o->libjvm_path && *o->libjvm_path) {
        snprintf(libjvm, sizeof libjvm, "%s", o->libjvm_path);
        source = "libjvm_path";
        /* <java_home>/lib/server/libjvm.so: the same version check as for java_home */
        char home[4096];
        snprintf(home, sizeof home, "%s", libjvm);
        size_t n = strlen(home), tail = strlen("/lib/server/libjvm.so");
        if (n > tail && strcmp(home + n - tail, "/lib/server/libjvm.so") == 0) {
            home[n - tail] = '\0';
            int feature = jdk_feature_version(home);
            if (feature > 0 && feature < 25)
                return fail(HDNNP_E_JVM, "%s belongs to Java %d; hdnnp-java needs Java 25 or newer", libjvm, feature);
        }
    } else {
        const char *jh = o->java_home;
        source = "java_home option";
        if (!jh || !*jh) { jh = getenv("JAVA_HOME"); source = "JAVA_HOME"; }
        if (!jh || !*jh) { jh = HDNNP_DEFAULT_JAVA_HOME; source = "the JDK found at build time"; }
        if (!jh || !*jh)
            return fail(HDNNP_E_JVM, "no Java found: set JAVA_HOME to a JDK >= 25 (or pass java_home / libjvm_path)");
        snprintf(libjvm, sizeof libjvm, "%s/lib/server/libjvm.so", jh);
        int feature = jdk_feature_version(jh);
        if (feature > 0 && feature < 25)
            return fail(HDNNP_E_JVM, "the JDK at %s (from %s) is Java %d; hdnnp-java needs Java 25 or newer: "
                        "set JAVA_HOME (or java_home) to a JDK 25", jh, source, feature);
    }
    if (!is_file(libjvm))
        return fail(HDNNP_E_JVM, "libjvm.so not found at %s (from %s); set JAVA_HOME to a JDK >= 25", libjvm, source);
    if (!find_class_path(o->class_path, cp, cp_len))
        return fail(HDNNP_E_JVM, "hdnnp-core.jar not found: set HDNNP_JAVA_JAR to the jar built by 'mvn package' "
                                 "(java/target/hdnnp-core.jar) or install it to <prefix>/share/hdnnp-java/");
    if (!is_file(cp) && !strchr(cp, ':'))
        return fail(HDNNP_E_JVM, "class path %s: no such file", cp);

    char why[512] = "";
    int nuser = 0;
    char **user = split_options(o->jvm_options, &nuser, why, sizeof why);
    if (!user) return fail(HDNNP_E_ARGUMENT, "%s", why);
    int has_xmx = 0;
    for (int i = 0; i < nuser; i++)
        if (strncmp(user[i], "-Xmx", 4) == 0 || strncmp(user[i], "-XX:MaxHeapSize", 15) == 0 ||
            strncmp(user[i], "-XX:MaxRAMPercentage", 20) == 0)
            has_xmx = 1;

    void *lib = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
    if (!lib) { free_strings(user); return fail(HDNNP_E_JVM, "cannot load %s: %s", libjvm, dlerror()); }
    create_vm_fn create = (create_vm_fn)dlsym(lib, "JNI_CreateJavaVM");
    if (!create) { free_strings(user); dlclose(lib); return fail(HDNNP_E_JVM, "%s has no JNI_CreateJavaVM", libjvm); }

    JavaVMOption *opt = calloc((size_t)nuser + 9, sizeof *opt);
    char *cpopt = malloc(strlen(cp) + 32);
    if (!opt || !cpopt) {
        free(opt); free(cpopt); free_strings(user);
        return fail(HDNNP_E_JVM, "out of memory");
    }
    sprintf(cpopt, "-Djava.class.path=%s", cp);
    int n = 0;
    /* JNI's hook options, first (the JVM reads options in order): it reports through these instead
       of printing to stderr or ending the process */
    opt[n].optionString = "vfprintf";
    opt[n++].extraInfo = (void *)hook_vfprintf;
    opt[n].optionString = "exit";
    opt[n++].extraInfo = (void *)hook_exit;
    opt[n].optionString = "abort";
    opt[n++].extraInfo = (void *)hook_abort;
    opt[n++].optionString = cpopt;
    opt[n++].optionString = "--enable-native-access=ALL-UNNAMED";
    /* the force kernel's SIMD loops (Java's Vector API); without it they fall back to scalar loops */
    opt[n++].optionString = "--add-modules=jdk.incubator.vector";
    if (!has_xmx) opt[n++].optionString = "-Xmx2g";
    for (int i = 0; i < nuser; i++) opt[n++].optionString = user[i];

    JavaVMInitArgs args;
    memset(&args, 0, sizeof args);
    args.version = JNI_VERSION_21;
    args.nOptions = n;
    args.options = opt;
    args.ignoreUnrecognized = JNI_FALSE;

    JavaVM *vm = NULL;
    JNIEnv *env = NULL;
    volatile jint r = JNI_ERR;
    g_jvm_output_len = 0;
    g_jvm_output[0] = '\0';
    g_create_thread = pthread_self();
    g_create_armed = 1;
    int jumped = sigsetjmp(g_create_jmp, 1);
    if (jumped == 0) r = create(&vm, (void **)&env, &args);
    g_create_armed = 0;
    free(opt); free(cpopt); free_strings(user);
    const char *said = jvm_output_line();
    if (jumped || r != JNI_OK) {
        /* the JVM is unusable now and cannot be created again in this process */
        if (jumped)
            fail(HDNNP_E_JVM, "the JVM (%s) did not start (it gave up with %s): %s; JVM options: \"%s\"", libjvm,
                 jumped == 1 ? "exit" : "abort", *said ? said : "(no message)", o->jvm_options ? o->jvm_options : "");
        else
            fail(HDNNP_E_JVM, "the JVM (%s) did not start: JNI error %d, %s%s%s; JVM options: \"%s\"", libjvm, (int)r,
                 jni_error_name(r), *said ? ": " : "", said, o->jvm_options ? o->jvm_options : "");
        snprintf(g_failure, sizeof g_failure, "%s", tl_error);
        g_state = RT_FAILED;
        return HDNNP_E_JVM;
    }
    if (*said) fprintf(stderr, "%s\n", said); /* warnings of a JVM that did start */
    g_vm = vm;
    g_vm_created_here = 1;
    *env_out = env;
    return HDNNP_OK;
}

int hdnnp_runtime_init(const hdnnp_runtime_options *options) {
    hdnnp_runtime_options defaults = HDNNP_RUNTIME_OPTIONS_INIT;
    const hdnnp_runtime_options *o = options ? options : &defaults;
    if (o->struct_size != sizeof(hdnnp_runtime_options))
        return fail(HDNNP_E_ARGUMENT, "hdnnp_runtime_options.struct_size is %u, expected %zu "
                    "(header and library differ?)", o->struct_size, sizeof(hdnnp_runtime_options));
    if (o->abi_version != HDNNP_JAVA_ABI_VERSION)
        return fail(HDNNP_E_VERSION, "caller compiled against ABI version %u, library is version %d",
                    o->abi_version, HDNNP_JAVA_ABI_VERSION);

    pthread_mutex_lock(&g_lock);
    int status = HDNNP_OK;
    if (g_state == RT_READY) { pthread_mutex_unlock(&g_lock); return ok(); }
    if (g_state == RT_SHUT) {
        pthread_mutex_unlock(&g_lock);
        return fail(HDNNP_E_STATE, "the Java runtime was shut down; a JVM cannot be restarted in one process");
    }
    if (g_state == RT_FAILED) {
        pthread_mutex_unlock(&g_lock);
        return fail(HDNNP_E_STATE, "the JVM failed to start earlier in this process, and a JVM cannot be started "
                    "twice in one process: fix the cause and restart the program. The first attempt failed with: %s",
                    g_failure);
    }

    JNIEnv *env = NULL;
    char cp[4096] = "";
    if (g_vm) {
        /* an earlier attempt started the JVM but the bridge failed: retry the install only */
        if ((*g_vm)->AttachCurrentThread(g_vm, (void **)&env, NULL) != JNI_OK) {
            pthread_mutex_unlock(&g_lock);
            return fail(HDNNP_E_JVM, "cannot attach to the JVM");
        }
        snprintf(cp, sizeof cp, "%s", g_class_path);
    } else {
        status = start_jvm(o, &env, cp, sizeof cp);
        if (status != HDNNP_OK) { pthread_mutex_unlock(&g_lock); return status; }
        snprintf(g_class_path, sizeof g_class_path, "%s", cp);
    }

    memset(&g_table, 0, sizeof g_table);
    g_table.struct_size = (uint32_t)sizeof g_table;
    g_table.abi_version = HDNNP_JAVA_ABI_VERSION;
    char msg[ERR_CHARS] = "";
    jclass cls = (*env)->FindClass(env, "dev/hdnnp/bridge/Bridge");
    if (!cls) {
        char ex[1024];
        jni_exception_text(env, ex, sizeof ex);
        pthread_mutex_unlock(&g_lock);
        return fail(HDNNP_E_JVM, "Java class dev.hdnnp.bridge.Bridge not found on the class path \"%s\"%s: %s", cp,
                    g_vm_created_here ? "" : " of the JVM already running in this process", ex);
    }
    jmethodID install = (*env)->GetStaticMethodID(env, cls, "install", "(JJJ)I");
    if (!install) {
        char ex[1024];
        jni_exception_text(env, ex, sizeof ex);
        pthread_mutex_unlock(&g_lock);
        return fail(HDNNP_E_VERSION, "dev.hdnnp.bridge.Bridge has no install(long,long,long): %s", ex);
    }
    jint r = (*env)->CallStaticIntMethod(env, cls, install, (jlong)(intptr_t)&g_table,
                                         (jlong)(intptr_t)msg, (jlong)sizeof msg);
    if ((*env)->ExceptionCheck(env)) {
        char ex[1024];
        jni_exception_text(env, ex, sizeof ex);
        pthread_mutex_unlock(&g_lock);
        return fail(HDNNP_E_JVM, "Bridge.install threw %s", ex);
    }
    (*env)->DeleteLocalRef(env, cls);
    if (r != HDNNP_OK) {
        pthread_mutex_unlock(&g_lock);
        return fail(r, "Java bridge install failed: %s", msg[0] ? msg : hdnnp_status_name(r));
    }
    if (!g_table.model_load || !g_table.model_info || !g_table.set_caller_units || !g_table.set_unit_factors ||
        !g_table.compute || !g_table.model_free || !g_table.shutdown || !g_table.committee_load ||
        !g_table.committee_compute || !g_table.extrapolation_details) {
        pthread_mutex_unlock(&g_lock);
        return fail(HDNNP_E_INTERNAL, "Java bridge left entries of the function table empty");
    }
    g_state = RT_READY;
    pthread_mutex_unlock(&g_lock);
    return ok();
}

int hdnnp_runtime_ready(void) { return g_state == RT_READY; }

const char *hdnnp_runtime_class_path(void) { return g_class_path; }

int hdnnp_runtime_shutdown(void) {
    pthread_mutex_lock(&g_lock);
    if (g_state != RT_READY) {
        if (g_state != RT_FAILED) g_state = g_state == RT_NONE && !g_vm ? RT_NONE : RT_SHUT;
        pthread_mutex_unlock(&g_lock);
        return ok();
    }
    int status = java_status(g_table.shutdown(tl_error, ERR_CHARS), "shutdown");
    g_state = RT_SHUT;
    memset(&g_table, 0, sizeof g_table);
    if (g_vm && g_vm_created_here && !getenv("HDNNP_JAVA_NO_DESTROY")) {
        /* DestroyJavaVM waits for non-daemon Java threads; the bridge keeps none. */
        (*g_vm)->DestroyJavaVM(g_vm);
    }
    g_vm = NULL;
    pthread_mutex_unlock(&g_lock);
    return status;
}

/* ---- models ---------------------------------------------------------------------------------- */

static int check_ready(void) {
    if (g_state == RT_READY) return HDNNP_OK;
    if (g_state == RT_SHUT) return fail(HDNNP_E_STATE, "the Java runtime has been shut down");
    return fail(HDNNP_E_STATE, "the Java runtime is not initialised: call hdnnp_runtime_init first");
}

static int check_model(const hdnnp_model *m) {
    if (!m) return fail(HDNNP_E_ARGUMENT, "model handle is NULL");
    if (m->magic != MODEL_MAGIC) return fail(HDNNP_E_STATE, "model handle is invalid or already freed");
    return check_ready();
}

static int refresh_info(hdnnp_model *m) {
    memset(&m->info, 0, sizeof m->info);
    m->info.struct_size = (uint32_t)sizeof m->info;
    tl_error[0] = '\0';
    return java_status(g_table.model_info(m->handle, &m->info, tl_error, ERR_CHARS), "model info");
}

/* The caller's options (or the defaults for NULL) checked for this ABI's layout, and the JVM ready. */
static int check_load_options(const hdnnp_model_options **options, const hdnnp_model_options *defaults) {
    if (!*options) *options = defaults;
    if ((*options)->struct_size != sizeof(hdnnp_model_options))
        return fail(HDNNP_E_ARGUMENT, "hdnnp_model_options.struct_size is %u, expected %zu",
                    (*options)->struct_size, sizeof(hdnnp_model_options));
    return check_ready();
}

/* Binds the handle the Java side has just opened to m and reads its info; if that fails the
 * Java handle and m are freed and the first error is kept. */
static int adopt(hdnnp_model *m, int64_t h, hdnnp_model **out) {
    m->magic = MODEL_MAGIC;
    m->handle = h;
    int s = refresh_info(m);
    if (s) {
        char keep[ERR_CHARS];
        memcpy(keep, tl_error, sizeof keep);
        g_table.model_free(h, tl_error, ERR_CHARS);
        memcpy(tl_error, keep, sizeof keep);
        m->magic = 0;
        free(m);
        return s;
    }
    *out = m;
    return ok();
}

int hdnnp_model_load(const char *path, const hdnnp_model_options *options, hdnnp_model **out) {
    if (out) *out = NULL;
    if (!path || !*path) return fail(HDNNP_E_ARGUMENT, "model path is NULL or empty");
    if (!out) return fail(HDNNP_E_ARGUMENT, "output handle pointer is NULL");
    hdnnp_model_options defaults = HDNNP_MODEL_OPTIONS_INIT;
    int s = check_load_options(&options, &defaults);
    if (s) return s;
    hdnnp_model *m = calloc(1, sizeof *m);
    if (!m) return fail(HDNNP_E_INTERNAL, "out of memory");
    int64_t h = 0;
    tl_error[0] = '\0';
    s = java_status(g_table.model_load(path, options, &h, tl_error, ERR_CHARS), "model load");
    if (s) { free(m); return s; }
    return adopt(m, h, out);
}

int hdnnp_committee_load(int32_t count, const char *const *paths, const hdnnp_model_options *options,
                         hdnnp_model **out) {
    if (out) *out = NULL;
    if (!out) return fail(HDNNP_E_ARGUMENT, "output handle pointer is NULL");
    if (count < 1 || count > 1024) return fail(HDNNP_E_ARGUMENT, "committee of %d models: give 1 (a committee file) to 1024", (int)count);
    if (!paths) return fail(HDNNP_E_ARGUMENT, "paths is NULL");
    for (int32_t k = 0; k < count; k++)
        if (!paths[k] || !*paths[k]) return fail(HDNNP_E_ARGUMENT, "committee model path %d is NULL or empty", (int)k + 1);
    hdnnp_model_options defaults = HDNNP_MODEL_OPTIONS_INIT;
    int s = check_load_options(&options, &defaults);
    if (s) return s;
    hdnnp_model *m = calloc(1, sizeof *m);
    if (!m) return fail(HDNNP_E_INTERNAL, "out of memory");
    int64_t h = 0;
    tl_error[0] = '\0';
    s = java_status(g_table.committee_load(count, paths, options, &h, tl_error, ERR_CHARS), "committee load");
    if (s) { free(m); return s; }
    return adopt(m, h, out);
}

int hdnnp_model_info_get(const hdnnp_model *model, hdnnp_model_info *info) {
    int s = check_model(model);
    if (s) return s;
    if (!info) return fail(HDNNP_E_ARGUMENT, "info is NULL");
    if (info->struct_size != sizeof(hdnnp_model_info))
        return fail(HDNNP_E_ARGUMENT, "hdnnp_model_info.struct_size is %u, expected %zu", info->struct_size,
                    sizeof(hdnnp_model_info));
    memcpy(info, &model->info, sizeof *info);
    return ok();
}

int hdnnp_model_element_index(const hdnnp_model *model, const char *symbol) {
    if (!model || model->magic != MODEL_MAGIC || !symbol) return -1;
    for (int i = 0; i < model->info.num_elements && i < HDNNP_MAX_ELEMENTS; i++)
        if (strcmp(model->info.elements[i], symbol) == 0) return i;
    return -1;
}

int hdnnp_model_set_caller_units(hdnnp_model *model, const char *length_unit, const char *energy_unit) {
    int s = check_model(model);
    if (s) return s;
    if (!length_unit || !energy_unit) return fail(HDNNP_E_ARGUMENT, "unit name is NULL");
    tl_error[0] = '\0';
    s = java_status(g_table.set_caller_units(model->handle, length_unit, energy_unit, tl_error, ERR_CHARS),
                    "set caller units");
    if (s) return s;
    return refresh_info(model);
}

int hdnnp_model_set_unit_factors(hdnnp_model *model, double length_to_model, double energy_to_model) {
    int s = check_model(model);
    if (s) return s;
    if (!(isfinite(length_to_model) && length_to_model > 0 && isfinite(energy_to_model) && energy_to_model > 0))
        return fail(HDNNP_E_ARGUMENT, "unit factors must be finite and > 0 (got %g, %g)", length_to_model,
                    energy_to_model);
    tl_error[0] = '\0';
    s = java_status(g_table.set_unit_factors(model->handle, length_to_model, energy_to_model, tl_error, ERR_CHARS),
                    "set unit factors");
    if (s) return s;
    return refresh_info(model);
}

int hdnnp_model_free(hdnnp_model *model) {
    if (!model) return ok();
    if (model->magic != MODEL_MAGIC) return fail(HDNNP_E_STATE, "model handle is invalid or already freed");
    int s = HDNNP_OK;
    if (g_state == RT_READY) {
        tl_error[0] = '\0';
        s = java_status(g_table.model_free(model->handle, tl_error, ERR_CHARS), "model free");
    }
    model->magic = 0;
    free(model);
    return s ? s : ok();
}

/* ---- compute --------------------------------------------------------------------------------- */

/* The checks shared by compute and committee compute: a live model, non-NULL request and result
 * of this header's sizes. */
static int check_compute_args(const hdnnp_model *model, const hdnnp_request *rq, const hdnnp_result *rs) {
    int s = check_model(model);
    if (s) return s;
    if (!rq || !rs) return fail(HDNNP_E_ARGUMENT, "request or result is NULL");
    if (rq->struct_size != sizeof(hdnnp_request))
        return fail(HDNNP_E_ARGUMENT, "hdnnp_request.struct_size is %u, expected %zu", rq->struct_size,
                    sizeof(hdnnp_request));
    if (rs->struct_size != sizeof(hdnnp_result))
        return fail(HDNNP_E_ARGUMENT, "hdnnp_result.struct_size is %u, expected %zu", rs->struct_size,
                    sizeof(hdnnp_result));
    return HDNNP_OK;
}

int hdnnp_compute(hdnnp_model *model, const hdnnp_request *rq, hdnnp_result *rs) {
    int s = check_compute_args(model, rq, rs);
    if (s) return s;
    /* the contents (sizes, pointers, indices, coordinates) are checked on the Java side only */
    tl_error[0] = '\0';
    return java_status(g_table.compute(model->handle, rq, rs, tl_error, ERR_CHARS), "compute");
}

int hdnnp_committee_compute(hdnnp_model *model, const hdnnp_request *rq, hdnnp_result *rs,
                            hdnnp_committee_result *cr) {
    int s = check_compute_args(model, rq, rs);
    if (s) return s;
    if (!cr) return fail(HDNNP_E_ARGUMENT, "committee result is NULL");
    if (cr->struct_size != sizeof(hdnnp_committee_result))
        return fail(HDNNP_E_ARGUMENT, "hdnnp_committee_result.struct_size is %u, expected %zu", cr->struct_size,
                    sizeof(hdnnp_committee_result));
    tl_error[0] = '\0';
    return java_status(g_table.committee_compute(model->handle, rq, rs, cr, tl_error, ERR_CHARS), "committee compute");
}

int hdnnp_extrapolation_details(const hdnnp_model *model, int32_t capacity, hdnnp_extrapolation *out,
                                int32_t *count) {
    int s = check_model(model);
    if (s) return s;
    if (!count) return fail(HDNNP_E_ARGUMENT, "count is NULL");
    if (capacity < 0 || (capacity > 0 && !out))
        return fail(HDNNP_E_ARGUMENT, "capacity %d with %s output array", (int) capacity, out ? "an" : "a NULL");
    tl_error[0] = '\0';
    return java_status(g_table.extrapolation_details(model->handle, capacity, out, count, tl_error, ERR_CHARS),
                       "extrapolation details");
}
