import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';

export interface Screen {
  path: string;
  label: string;
  /** shown to users holding this permission (any signed-in user when absent) */
  permission?: string;
  /** which servers offer it ('hq' screens write HQ-only data) */
  sites?: ('hq' | 'store')[];
  /** a lazy chunk; `preload` (./lazy) loads it ahead of the first render */
  component: LazyExoticComponent<ComponentType> & { preload?(): Promise<unknown> };
  /** a screen of its own, outside the shell's layout (the till: full screen) */
  fullScreen?: boolean;
}

export interface MenuGroup {
  key: string;
  label: string;
  icon: ReactNode;
  screens: Screen[];
}
