"""gunicorn settings for the web process (Procfile: `gunicorn -c gunicorn.conf.py ...`).

Threaded workers: a request waiting on a slow phone (a photo trickling in over a weak
shop-floor signal) holds one thread, not a whole worker, so others are still served and the
worker keeps answering gunicorn's heartbeat instead of being killed as stuck.
docs/decisions.md §48 explains the numbers; every one can be changed from the environment.
"""
import os


def _int(name, default):
    return int(os.environ.get(name, default))


bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# Processes (each with its own database pool) and threads per process. Several workers or
# instances share rate limits only through RATELIMIT_STORAGE_URI=redis://… (decisions §46).
workers = _int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 8)

# A worker silent this long is restarted; with threads this is a hung process, not a slow
# client. A restart lets running requests finish for graceful_timeout seconds first.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive connections are closed after this many seconds. Longer than a load
# balancer's idle timeout (60 s is common), so the balancer closes first and never sends a
# request on a connection we have just closed (a 502). Idle connections wait in the
# worker's poller, not in a thread.
keepalive = _int("GUNICORN_KEEPALIVE", 75)

# No runtime control socket: nothing here uses gunicornc, and several servers on one host
# (tests, review apps) would otherwise fight over ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True

# Workers prove they are alive by touching a file: keep it in memory where there is
# /dev/shm, as a container's /tmp may sit on a slow disk and get healthy workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log on stdout: real client (after TRUSTED_PROXY_HOPS), request, status, bytes,
# milliseconds, the request id (the caller's X-Request-ID, else one the app made: the same id
# as in the app's log lines) and the worker's pid.
accesslog = "-"
errorlog = "-"
access_log_format = ('%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms '
                     'request_id=%({x-request-id}o)s worker=%(p)s')


# Python's cycle collector, in each worker once the app is loaded: what start-up made (the
# app, its models and schemas, ~100k objects) is frozen out of every later collection, and
# the youngest generation is collected after 20,000 new objects instead of 700, so a push's
# short-lived objects are mostly freed by reference counting before a collection ever scans
# them. In a storm of pushes this took ~10 % of the workers' CPU off, and a full collection
# scans only what came after start-up (it took ~0.1 s, in the middle of pushes holding the
# write lock; docs/benchmarks.md, "Where a storm's time goes"; decisions §114).
gc_threshold = _int("GUNICORN_GC_THRESHOLD", 20000)


def post_worker_init(worker):
    import gc

    gc.freeze()
    gc.set_threshold(gc_threshold, *gc.get_threshold()[1:])
