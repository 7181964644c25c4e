import { lazy as reactLazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A screen's lazy component that can also be loaded before its first render. */
export type PreloadableComponent<T extends ComponentType> = LazyExoticComponent<T> & { preload(): Promise<unknown> };

/**
 * React's `lazy`, plus `preload()`: the menu starts loading a screen's chunks when its item is
 * hovered or focused, and a deep link starts its screen's while the sign-in check is in flight — so
 * a click or a reload does not wait for the chunks one after another. One import shared by both;
 * a failed load (network) is forgotten, so the next hover or render tries again.
 */
export function lazy<T extends ComponentType>(load: () => Promise<{ default: T }>): PreloadableComponent<T> {
  let loading: Promise<{ default: T }> | undefined;
  const once = () =>
    (loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    }));
  return Object.assign(reactLazy(once), { preload: once });
}
