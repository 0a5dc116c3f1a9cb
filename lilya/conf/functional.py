"""Lazy objects: stand-ins that build the real object on first use, then act as it.

`lilya.conf.settings` is one: importing it costs nothing, and the settings module named by
LILYA_SETTINGS_MODULE is imported only when a value is first read. Everything a caller does
with a lazy object (attributes, items, comparisons, `isinstance`, pickling) reaches the
wrapped object.
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "RT",
    "LazyObject",
    "SimpleLazyObject",
    "empty",
    "new_method_proxy",
    "unpickle_lazyobject",
    "unwrap",
]

RT = TypeVar("RT")


class _Empty:
    """The marker of a lazy object not set up yet (a class, so its repr says what it is)."""

    def __repr__(self) -> str:
        return "<empty>"


empty: Any = _Empty()


def new_method_proxy(func: Callable[..., RT]) -> Callable[..., RT]:
    """A method for lazy objects: set the object up if needed, then apply `func` to what it
    wraps (with the method's other arguments)."""

    def proxied(self: LazyObject, *args: Any) -> RT:
        return func(self._target(), *args)

    proxied.__name__ = getattr(func, "__name__", "proxied")
    return proxied


def unwrap(value: Any) -> Any:
    """The object a lazy object stands for (set up if needed); anything else as it is.

    Reading several attributes from the result skips the lazy object's detour per read (a
    failed lookup, then __getattr__): about 1.5 µs each on lilya.conf.settings.
    """
    if isinstance(value, LazyObject):
        return value._target()
    return value


def unpickle_lazyobject(wrapped: Any) -> Any:
    """What unpickling a lazy object gives: the object it wrapped (no longer lazy)."""
    return wrapped


class LazyObject:
    """Wraps an object built on first use by `_setup()`, which subclasses provide.

    `_setup()` must store the built object in `self._wrapped`.
    """

    # On the class, so an instance whose __init__ did not run reads "not set up" instead of
    # recursing through __getattr__.
    _wrapped: Any = empty

    def __init__(self) -> None:
        self._wrapped = empty

    def _setup(self) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define _setup().")

    def _target(self) -> Any:
        """The object operations reach: the wrapped one, set up on first use. Subclasses may
        answer with another (lilya.conf.settings: the serving app's settings)."""
        wrapped = self._wrapped
        if wrapped is empty:
            self._setup()
            wrapped = self._wrapped
        return wrapped

    # Attribute access goes to the wrapped object; `_wrapped` itself stays here.
    __getattr__ = new_method_proxy(getattr)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_wrapped":
            self.__dict__["_wrapped"] = value
            return
        setattr(self._target(), name, value)

    def __delattr__(self, name: str) -> None:
        if name == "_wrapped":
            raise TypeError("A lazy object's _wrapped cannot be deleted.")
        delattr(self._target(), name)

    # Pickled as the object it wraps: the lazy wrapper has nothing of its own worth keeping.
    def __reduce__(self) -> tuple[Callable[[Any], Any], tuple[Any]]:
        if self._wrapped is empty:
            self._setup()
        return (unpickle_lazyobject, (self._wrapped,))

    # Copies of a used lazy object copy what it wraps; copies of an unused one are fresh
    # wrappers, set up on their own first use.
    def __copy__(self) -> Any:
        if self._wrapped is empty:
            return self._unused_copy()
        return copy.copy(self._wrapped)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        if self._wrapped is empty:
            result = memo[id(self)] = self._unused_copy()
            return result
        return copy.deepcopy(self._wrapped, memo)

    def _unused_copy(self) -> LazyObject:
        return type(self)()

    # `isinstance(lazy, WrappedType)` holds, as does `isinstance(lazy, LazyObject)`.
    __class__ = property(new_method_proxy(operator.attrgetter("__class__")))
    __dir__ = new_method_proxy(dir)
    __str__ = new_method_proxy(str)
    __bytes__ = new_method_proxy(bytes)
    __bool__ = new_method_proxy(bool)
    __hash__ = new_method_proxy(hash)
    __eq__ = new_method_proxy(operator.eq)
    __ne__ = new_method_proxy(operator.ne)
    __lt__ = new_method_proxy(operator.lt)
    __gt__ = new_method_proxy(operator.gt)
    __le__ = new_method_proxy(operator.le)
    __ge__ = new_method_proxy(operator.ge)
    __len__ = new_method_proxy(len)
    __iter__ = new_method_proxy(iter)
    __contains__ = new_method_proxy(operator.contains)
    __getitem__ = new_method_proxy(operator.getitem)
    __setitem__ = new_method_proxy(operator.setitem)
    __delitem__ = new_method_proxy(operator.delitem)


class SimpleLazyObject(LazyObject):
    """A lazy object built by calling `func()` once, on first use."""

    _setupfunc: Callable[[], Any]

    def __init__(self, func: Callable[..., RT]) -> None:
        # In __dict__ directly: LazyObject.__setattr__ would hand it to the wrapped object.
        self.__dict__["_setupfunc"] = func
        super().__init__()

    def _setup(self) -> None:
        self._wrapped = self._setupfunc()

    def __repr__(self) -> str:
        if self._wrapped is empty:
            return f"<{type(self).__name__}: {self._setupfunc!r}>"
        return f"<{type(self).__name__}: {self._wrapped!r}>"

    def _unused_copy(self) -> LazyObject:
        return type(self)(self._setupfunc)

    __add__ = new_method_proxy(operator.add)

    def __radd__(self, other: Any) -> Any:
        if self._wrapped is empty:
            self._setup()
        return other + self._wrapped
