/** The three roles, and each as the clerk reads it (the server's defaults, the command line, the Quản trị tab). */
export type Role = 'admin' | 'officer' | 'reviewer';

export const ROLE_NAMES: Record<Role, string> = { admin: 'Quản trị', officer: 'Cán bộ đơn vị', reviewer: 'Thành viên hội đồng' };
