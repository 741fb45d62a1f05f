const zh = {
  home: '首页',
  menu: {
    overview: '概览',
    territory: '辖区管理',
    map: '网格地图',
    users: '用户管理',
    departments: '部门管理',
    levels: '层级设置',
    audit: '审计日志',
    tokens: '我的令牌',
  },
  group: {
    system: '系统管理',
    account: '个人设置',
  },
  signOut: '退出登录',
  signOutAll: '退出所有设备',
  signOutAllConfirm: '将退出您在所有设备（包括本机）上的登录，确定继续吗？',
};

const en: typeof zh = {
  home: 'Home',
  menu: {
    overview: 'Overview',
    territory: 'Territory',
    map: 'Grid map',
    users: 'Users',
    departments: 'Departments',
    levels: 'Level settings',
    audit: 'Audit log',
    tokens: 'My API tokens',
  },
  group: {
    system: 'Administration',
    account: 'My account',
  },
  signOut: 'Sign out',
  signOutAll: 'Sign out everywhere',
  signOutAllConfirm: 'This signs you out on every device, this one included. Continue?',
};

export const layout = { zh, en };
