const zh = {
  welcome: '您好，{name}',
  scope: '数据范围：{scope}',
  scopeAll: '全部辖区',
  nodes: '节点数',
  users: '用户数',
  nodesPerLevel: '各层级辖区节点数',
  usersPerRole: '各角色在用账号数',
  levelCount: '{level}数量',
  activeUsers: '在用账号',
  noNodes: '辖区内暂无节点',
  noUsers: '暂无可查看的账号统计',
  loadFailed: '概览数据加载失败，请稍后刷新',
};

const en: typeof zh = {
  welcome: 'Hello, {name}',
  scope: 'Data scope: {scope}',
  scopeAll: 'all territory',
  nodes: 'Nodes',
  users: 'Users',
  nodesPerLevel: 'Territory nodes per level',
  usersPerRole: 'Active accounts per role',
  levelCount: '{level} nodes',
  activeUsers: 'Active accounts',
  noNodes: 'No nodes in your territory yet',
  noUsers: 'No account figures you may see',
  loadFailed: 'Could not load the overview; refresh later',
};

export const overview = { zh, en };
