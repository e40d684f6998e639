declare module 'virtual:statechart-layout' {
  const layout: import('./chart.layout.types.ts').LayoutSet;
  export default layout;
}
