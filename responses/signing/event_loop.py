"""pyHanko's synchronous calls from any thread."""


def outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run their own asyncio loop, which fails inside a thread that
    already runs one (an ASGI server, a browser test); there they run on a helper thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()
